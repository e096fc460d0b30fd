// Types of buildServer.mjs for the TypeScript that imports it (the tests' global setup).

/** The built CLI module: it exports `main(argv)` as server/cli/main.ts does. */
export const serverEntry: string

/** True when dist/server exists and no file it was built from changed since. */
export function serverBuildIsFresh(): boolean

/** Bundles server/cli/main.ts and what it imports into dist/server. Throws when esbuild is missing or the sources do not compile. */
export function buildServer(): Promise<void>
