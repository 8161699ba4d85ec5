import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ["node_modules/**", ".next/**", "dist/**", ".next-*/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Signing in or out, and a lost session, deliberately reload the whole app so no cached data survives.
      "@next/next/no-location-assign-relative-destination": "off",
    },
  },
  {
    // The gateway's path: on Node 20 an object literal that starts with a spread and then adds keys, or has a getter,
    // costs over a microsecond, and one with a computed key a few hundred nanoseconds (docs/architecture.md,
    // "Object spreads on the hot path").
    files: ["lib/completion/**/*.ts", "lib/gateway/**/*.ts", "lib/usage/server/**/*.ts", "lib/shadow/server/**/*.ts", "lib/groups/server/routing.ts", "lib/groups/server/redis-router-state.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ObjectExpression > SpreadElement:first-child + *",
          message: "A spread followed by more keys is slow on Node 20: put the spread last, or use Object.assign (docs/architecture.md).",
        },
        {
          selector: "ObjectExpression > Property[computed=true]",
          message: "An object literal with a computed key costs ten times a plain one on Node 20: use a Map, a class, or a plain key (docs/architecture.md).",
        },
        {
          selector: "ObjectExpression > Property[kind=/^(get|set)$/]",
          message: "An object literal with a getter or setter is slow to make on Node 20: use a class (docs/architecture.md).",
        },
      ],
    },
  },
  {
    // Tests and Playwright fixtures are not React: `use` and `useTestDb` are not hooks there,
    // and parsed JSON responses are asserted field by field.
    files: ["**/*.test.ts", "e2e/**", "test/**"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
];
export default config;
