import type { Metadata } from "next";
import { EditModel } from "@/components/models/edit-model";

export const metadata: Metadata = { title: "Edit model" };
export const dynamic = "force-dynamic";

export default async function EditModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditModel id={id} simulatorUrl={process.env.SIMULATOR_URL} />;
}
