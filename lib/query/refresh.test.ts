// A write's refetch must see the write, even while the query's first fetch (begun before it) is still in flight.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refetchAfterWrite } from "./refresh";

/** A list whose fetch reads the stored value once the request "arrives", 20 ms after it is sent. */
function setup() {
  const stored = { status: "Not tested" };
  const qc = new QueryClient();
  const observer = new QueryObserver(qc, {
    queryKey: ["models", "list", { q: "lora" }],
    queryFn: async () => {
      const seen = stored.status;
      await new Promise((r) => setTimeout(r, 20));
      return seen;
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  return { stored, qc, observer, unsubscribe };
}

describe("refetchAfterWrite", () => {
  it("refetches a query whose first fetch left before the write, instead of reusing that fetch", async () => {
    const { stored, qc, observer, unsubscribe } = setup();
    expect(observer.getCurrentResult().isFetching).toBe(true); // the first fetch is on its way
    stored.status = "OK · 28 ms"; // the write lands meanwhile
    await refetchAfterWrite(qc, { queryKey: ["models"] });
    expect(observer.getCurrentResult().data).toBe("OK · 28 ms");
    unsubscribe();
  });

  it("is needed: an invalidation alone keeps the fetch that began before the write", async () => {
    const { stored, qc, observer, unsubscribe } = setup();
    stored.status = "OK · 28 ms";
    await qc.invalidateQueries({ queryKey: ["models"] });
    expect(observer.getCurrentResult().data).toBe("Not tested");
    unsubscribe();
  });
});
