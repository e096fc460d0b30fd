// jsonld ships no types; the validators use one function.
declare module 'jsonld' {
  const jsonld: {
    expand(input: unknown, options: { documentLoader: (url: string) => Promise<unknown>; safe?: boolean }): Promise<unknown[]>
  }
  export default jsonld
}
