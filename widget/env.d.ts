/** Vite's `?inline` CSS imports: the processed (minified in builds) stylesheet as a string. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
