import { notFound } from "next/navigation";

// Any URL no dashboard page matches: answered by the dashboard's not-found page, inside the shell.
export default function MissingPage() {
  notFound();
}
