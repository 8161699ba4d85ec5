// `npm run check:deps`: the dependency rules of docs/architecture.md, checked on every import (type-only
// imports included) of the application's own code. Run by scripts/test.sh's lint step.

// lib/ in layers, lowest first. A folder imports from its own layer's folder and from lower layers only;
// folders in one layer do not import each other. So no arrow points up and no two folders depend on each other.
const LAYERS = [
  ["generated", "contract"], // Prisma's client; contracts shared by server and browser (the error envelope)
  ["completion"], // the shared completion core
  ["simulator"], // a real upstream over HTTP; counts tokens with the core's tokenizer
  ["server"], // infrastructure: db, crypto, secrets, session, handler, env, cluster bus
  ["keys", "usage"], // virtual keys; the request log (its writer and its reports)
  ["models"], // models, credentials, model row → Deployment
  ["groups"], // routing groups, the router's shared state, health checks
  ["litellm", "playground"],
  ["evals", "shadow"],
  ["gateway"], // /v1: its hot path, on top of everything it calls
  ["query"], // the browser's fetch layer and hooks
];

const NOT_TEST = "(\\.test\\.tsx?$)";

const layerRules = LAYERS.flatMap((layer, i) => {
  const notBelow = LAYERS.slice(i).flat();
  return layer.map((folder) => ({
    name: `lib-layers:${folder}`,
    comment: `lib/${folder} may import only from lower layers of lib/ (${LAYERS.slice(0, i).flat().join(", ") || "none"}); see docs/architecture.md`,
    severity: "error",
    from: { path: `^lib/${folder}/` },
    to: { path: `^lib/(${notBelow.filter((f) => f !== folder).join("|")})/` },
  }));
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Two modules that import each other, directly or through others.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      comment: "Two folders of lib/ that import each other, directly or through others.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "completion-is-plain",
      comment: "The completion core runs from a plain script: nothing from Next.js, React or server-only.",
      severity: "error",
      from: { path: "^lib/completion/" },
      to: { path: "(^|/)node_modules/(next|react|react-dom|server-only)/" },
    },
    {
      name: "server-is-infrastructure",
      comment: "lib/server is infrastructure: it imports no feature code.",
      severity: "error",
      from: { path: "^lib/server/" },
      to: { path: "^lib/", pathNot: "^lib/(server|generated|contract)/" },
    },
    {
      name: "no-test-helpers-in-production",
      comment: "Test helpers live in test/ and are imported by tests (and benchmarks) only.",
      severity: "error",
      from: { pathNot: "^test/|^e2e/|^scripts/bench-" },
      to: { path: "^test/" },
    },
    {
      name: "client-stays-client",
      comment: "Browser code (components/, lib/query) never imports server code.",
      severity: "error",
      from: { path: "^(components|lib/query)/" },
      to: { path: "^lib/(server|[^/]+/server|gateway)/|(^|/)node_modules/server-only/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Tests are leaves (nothing imports them) and may reach across layers to set a scene, so the graph is the
    // application's own: production code, test/ helpers, scripts and e2e specs.
    exclude: { path: `^(lib/generated|\\.next)/|${NOT_TEST}` },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
