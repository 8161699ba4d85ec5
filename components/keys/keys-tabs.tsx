"use client";
import * as Tabs from "@radix-ui/react-tabs";
import { RequestLog } from "@/components/usage/request-log";
import { UsagePanel } from "@/components/usage/usage-panel";
import { KeyList } from "./key-list";

const TAB =
  "border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 data-[state=active]:border-indigo-600 data-[state=active]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=active]:text-zinc-100";

export function KeysTabs() {
  return (
    <Tabs.Root defaultValue="keys" className="space-y-4">
      <Tabs.List aria-label="Keys and usage" className="flex gap-2 border-b border-zinc-200 dark:border-zinc-800">
        <Tabs.Trigger value="keys" className={TAB}>
          Keys
        </Tabs.Trigger>
        <Tabs.Trigger value="usage" className={TAB}>
          Usage
        </Tabs.Trigger>
        <Tabs.Trigger value="log" className={TAB}>
          Request log
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="keys">
        <KeyList />
      </Tabs.Content>
      <Tabs.Content value="usage">
        <UsagePanel />
      </Tabs.Content>
      <Tabs.Content value="log">
        <RequestLog />
      </Tabs.Content>
    </Tabs.Root>
  );
}
