// WCAG 2 contrast (relative luminance, https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio) for the
// browser tests that check the demo page's colours. A function evaluated in a page cannot import:
// evaluateWithContrast sends colorContrast's source text with the test's function, so Node and the
// page run one implementation. Not page.addScriptTag: the demo's CSP (script-src 'self') refuses an
// inline script, and the tests count CSP violations.
import type { Page } from 'playwright-core'

export interface ColorContrast {
  /** [r, g, b] of a computed CSS colour (`rgb(…)` or `rgba(…)`), alpha ignored. */
  rgb: (css: string) => number[]
  /** [r, g, b], or null when the colour is fully transparent (a background that shows what is behind). */
  opaque: (css: string) => number[] | null
  /** Contrast ratio of two [r, g, b] colours, from 1 to 21. */
  ratio: (a: number[], b: number[]) => number
}

/** Self-contained (no imports, no outer names): its source text runs in the page as it is. */
export function colorContrast (): ColorContrast {
  const channel = (value: number): number => { const c = value / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4 }
  const luminance = (rgb: number[]): number => 0.2126 * channel(rgb[0] ?? 0) + 0.7152 * channel(rgb[1] ?? 0) + 0.0722 * channel(rgb[2] ?? 0)
  const parse = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number)
  return {
    rgb: (css) => parse(css).slice(0, 3),
    opaque (css) {
      const rgba = parse(css)
      return rgba.length === 3 || (rgba[3] ?? 0) > 0 ? rgba.slice(0, 3) : null
    },
    ratio (a, b) {
      const [x, y] = [luminance(a), luminance(b)]
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
    }
  }
}

/**
 * `fn(colorContrast(), arg)` evaluated in the page. Both functions go as source text (a string
 * evaluated through DevTools, which the page's CSP does not govern), `arg` as JSON: `fn` may use
 * no name from its module, as with any function given to page.evaluate.
 */
export async function evaluateWithContrast<R, A = null> (page: Page, fn: (contrast: ColorContrast, arg: A) => R, arg?: A): Promise<R> {
  return await page.evaluate(`(${fn.toString()})((${colorContrast.toString()})(), ${JSON.stringify(arg ?? null)})`) as R
}
