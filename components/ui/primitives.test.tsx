import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueryView } from "./states";
import { RowHeader, Table, TablePager, Td, Tr } from "./table";
import { PairPicker } from "./pair-picker";

// The primitives' markup, rendered by React itself: names, scopes and states that screen readers and the e2e specs rely on.

const query = <T,>(over: Partial<{ isPending: boolean; isError: boolean; error: unknown; data: T }>) => ({
  isPending: false,
  isError: false,
  error: null,
  data: undefined as T | undefined,
  refetch: () => undefined,
  ...over,
});

describe("Table", () => {
  it("gives every header a column scope, hides sr-only headers visually, leaves out false columns and names the table", () => {
    const html = renderToStaticMarkup(
      <Table caption="API keys" label="Keys" columns={["Name", false, { header: "Cost", align: "right" }, { header: "Actions", srOnly: true }]}>
        <Tr>
          <RowHeader>alpha</RowHeader>
          <Td align="right">1</Td>
          <Td>x</Td>
        </Tr>
      </Table>,
    );
    expect(html).toContain('<caption class="sr-only">API keys</caption>');
    expect(html).toContain('aria-label="Keys"');
    expect(html.match(/scope="col"/g)).toHaveLength(3);
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(html).toMatch(/<th scope="col" class="[^"]*text-right[^"]*">Cost<\/th>/);
    expect(html).toContain('<th scope="row"');
  });

  it("pads cells by the table's look", () => {
    const cell = (look: "card" | "sheet" | "inline", dense = false) =>
      renderToStaticMarkup(
        <Table look={look} dense={dense} columns={["A"]}>
          <Tr>
            <Td>a</Td>
          </Tr>
        </Table>,
      ).match(/<td class="([^"]*)"/)?.[1];
    expect(cell("card")).toContain("px-4");
    expect(cell("card", true)).toContain("px-3");
    expect(cell("sheet")).toContain("px-3");
    expect(cell("inline")).toContain("pr-3");
  });
});

describe("TablePager", () => {
  it("disables Previous on the first page and Next on the last", () => {
    const first = renderToStaticMarkup(<TablePager label="Pages" summary="3 rows" page={1} pages={2} onPage={() => undefined} />);
    expect(first).toMatch(/<button[^>]*disabled=""[^>]*>Previous<\/button>/);
    expect(first).not.toMatch(/<button[^>]*disabled=""[^>]*>Next<\/button>/);
    const last = renderToStaticMarkup(<TablePager label="Pages" summary="3 rows" page={2} pages={2} onPage={() => undefined} previous="Previous page" next="Next page" />);
    expect(last).toMatch(/<button[^>]*disabled=""[^>]*>Next page<\/button>/);
    expect(last).toContain('aria-label="Pages"');
  });
});

describe("QueryView", () => {
  const render = (q: ReturnType<typeof query<{ items: string[] }>>) =>
    renderToStaticMarkup(
      <QueryView query={q} loading="Loading keys…" empty={<p>none</p>}>
        {(d) => <p>{d.items.join(",")}</p>}
      </QueryView>,
    );

  it("shows loading, then an error with a retry, then the empty state for an empty page, then the data", () => {
    expect(render(query({ isPending: true }))).toContain('role="status"');
    expect(render(query({ isPending: true }))).toContain("Loading keys…");
    const failed = render(query({ isError: true, error: new Error("Database is locked") }));
    expect(failed).toContain('role="alert"');
    expect(failed).toContain("Database is locked");
    expect(failed).toContain("Try again");
    expect(render(query({ data: { items: [] } }))).toBe("<p>none</p>");
    expect(render(query({ data: { items: ["a", "b"] } }))).toBe("<p>a,b</p>");
  });
});

describe("PairPicker", () => {
  it("labels both selects and marks each side's pick", () => {
    const html = renderToStaticMarkup(<PairPicker id="judge" labels={["Answer A", "Answer B"]} options={["1. x", "2. y"]} a={0} b={1} onA={() => undefined} onB={() => undefined} />);
    expect(html).toContain('<label for="judge-a"');
    expect(html).toContain('<label for="judge-b"');
    expect(html).toContain(">Answer A</label>");
    const [a, b] = html.split('id="judge-b"');
    expect(a).toMatch(/id="judge-a"[^>]*><option value="0" selected="">1\. x<\/option>/);
    expect(b).toMatch(/<option value="1" selected="">2\. y<\/option>/);
  });
});
