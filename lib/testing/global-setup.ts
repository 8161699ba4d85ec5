// Placeholder until the schema lands; replaced by the migrated-template setup.
export default function setup() {}
