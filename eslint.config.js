import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "app/generated/**",
      "node_modules/**",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
    },
  },
  // Imports go one way (docs/decisions/013): server/ composes app/, app/ never reaches into server/.
  // Test files that drive the real transport (setupCollabTest) are the exception.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+server/",
              message: "app/ must not import server/: pass what it needs in (docs/decisions/013).",
            },
          ],
        },
      ],
    },
  },
  // Routes stay thin: they call an area's functions and never the database.
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "~/utils/db.server.ts", message: "Routes do not query the database: call the area's functions." },
            { name: "@prisma/client", message: "Routes do not query the database: call the area's functions." },
          ],
          patterns: [
            {
              regex: "^(\\.\\./)+server/",
              message: "app/ must not import server/: pass what it needs in (docs/decisions/013).",
            },
            {
              regex: "^~/generated/prisma/(client|internal)",
              message: "Routes do not query the database: call the area's functions.",
            },
          ],
        },
      ],
    },
  },
  // State lives in the services the composition root builds (docs/decisions/017): no module keeps
  // process-wide state on the global object. (Tests may name globalThis's types.)
  {
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts", "scripts/**/*.ts", "prisma/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-globals": [
        "error",
        {
          name: "globalThis",
          message: "Process state lives in the services (app/services.server.ts), not on globalThis.",
        },
        { name: "global", message: "Process state lives in the services (app/services.server.ts), not on global." },
      ],
    },
  },
);
