import { maskInputValue, maskPii, maskText, type PrivacyLevel } from '@veil/privacy';

export const MARKERS = {
  mask: '[data-veil-mask]',
  unmask: '[data-veil-unmask]',
  block: '[data-veil-block]',
  ignore: '[data-veil-ignore]',
} as const;

/** Media that strict mode replaces with same-size placeholders. */
const STRICT_BLOCKED_MEDIA = 'img,picture,video,audio,canvas,embed,object,iframe[src]:not([src=""]):not([src="about:blank"])';

/** Elements that were ever `type=password`: a show-password toggle must not reveal them. */
const everPassword = new WeakSet<Element>();

const join = (...selectors: Array<string | undefined>) => selectors.filter(Boolean).join(',');

/**
 * rrweb's own masking, configured from the markers and the level: it masks what rrweb can see
 * in the DOM (which field, which subtree); the event scrubber then catches what rrweb misses.
 */
export function rrwebPrivacyOptions(level: PrivacyLevel, extra: { maskSelector?: string; blockSelector?: string; ignoreSelector?: string }) {
  const strict = level === 'strict';
  return {
    maskAllInputs: true,
    maskInputFn(text: string, element: HTMLElement): string {
      const input = element as HTMLInputElement;
      if (input.type === 'password') everPassword.add(element);
      return maskInputValue(
        text,
        { tagName: element.tagName, type: input.type, autocomplete: element.getAttribute('autocomplete'), wasPassword: everPassword.has(element) },
        level,
      );
    },
    // Balanced masks marked subtrees whole; strict masks all text (`*`) except under unmask.
    maskTextSelector: strict ? '*' : join(MARKERS.mask, extra.maskSelector),
    maskTextFn(text: string, element: HTMLElement | null): string {
      if (strict && element?.closest(MARKERS.unmask) && !element.closest(MARKERS.mask)) return maskPii(text);
      return maskText(text);
    },
    blockSelector: join(MARKERS.block, extra.blockSelector, strict ? STRICT_BLOCKED_MEDIA : undefined),
    // rrweb matches ignoreSelector on the input itself; the `*` form makes the mark inherited.
    ignoreSelector: join(MARKERS.ignore, `${MARKERS.ignore} *`, extra.ignoreSelector),
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  };
}
