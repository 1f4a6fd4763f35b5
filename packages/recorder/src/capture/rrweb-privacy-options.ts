import { maskInputValue, maskText, type PrivacyLevel } from '@veil/privacy';

export const MARKERS = {
  mask: '[data-veil-mask]',
  unmask: '[data-veil-unmask]',
  block: '[data-veil-block]',
  ignore: '[data-veil-ignore]',
} as const;

/** Media that strict mode replaces with same-size placeholders. */
const STRICT_BLOCKED_MEDIA = 'img,picture,video,audio,canvas,embed,object,iframe[src]:not([src=""]):not([src="about:blank"])';

/**
 * Text that is a form value whatever the level or markers say: textarea content and select
 * option labels (rrweb masks neither; it sees them as ordinary text nodes).
 */
const FORM_TEXT = 'textarea,select,option,optgroup,datalist';

/**
 * Editable regions: what is typed into them arrives as text mutations, not input events. A
 * selector rather than `isContentEditable`, which forces a style recalculation in Blink on every
 * call — and this runs for every text node rrweb serializes.
 */
const EDITABLE = '[contenteditable]:not([contenteditable="false" i])';

/**
 * Field names that are passwords even when a show-password toggle made them `type=text` before
 * rrweb ever saw them as passwords (the `everPassword` set only knows fields it has seen).
 */
const PASSWORD_NAME = /passw|passcode|passphrase|pwd/i;

/** Elements that were ever `type=password`: a show-password toggle must not reveal them. */
const everPassword = new WeakSet<Element>();

const join = (...selectors: Array<string | undefined>) => selectors.filter(Boolean).join(',');

/**
 * `Element.closest` across shadow roots and same-origin iframes: rrweb's own ancestor checks
 * stop at a shadow root, so a masked or blocked host would not cover its shadow content
 * (rrweb issues #1581, #874).
 */
function composedClosest(start: Element, selector: string): Element | null {
  let el: Element | null = start;
  while (el) {
    const hit = el.closest(selector);
    if (hit) return hit;
    const root = el.getRootNode() as { host?: Element; defaultView?: Window | null };
    el = root.host ?? root.defaultView?.frameElement ?? null;
  }
  return null;
}

/** True when the element is, or was, a password field (remembered for show-password toggles). */
function isPasswordField(element: HTMLElement): boolean {
  if ((element as HTMLInputElement).type === 'password') everPassword.add(element);
  if (everPassword.has(element)) return true;
  return PASSWORD_NAME.test(element.id) || PASSWORD_NAME.test(element.getAttribute('name') ?? '');
}

/**
 * rrweb's own masking, configured from the markers and the level: it masks what rrweb can see
 * in the DOM (which field, which subtree); the event scrubber then catches what rrweb misses.
 */
export function rrwebPrivacyOptions(level: PrivacyLevel, extra: { maskSelector?: string; blockSelector?: string; ignoreSelector?: string }) {
  const strict = level === 'strict';
  const maskSelector = join(MARKERS.mask, extra.maskSelector);
  const markerSelector = join(maskSelector, MARKERS.unmask);
  // Text always masked: form values, and blocked content rrweb let through (shadow roots).
  const alwaysMasked = join(FORM_TEXT, EDITABLE, MARKERS.block, extra.blockSelector);
  const anyMark = join(alwaysMasked, markerSelector);
  // Fields that are passwords when recording starts; a toggle before the first keystroke
  // would otherwise turn them into ordinary text fields before maskInputFn sees them.
  if (typeof document !== 'undefined') document.querySelectorAll('input[type=password]').forEach((el) => everPassword.add(el));
  return {
    maskAllInputs: true,
    maskInputFn(text: string, element: HTMLElement): string {
      return maskInputValue(
        text,
        {
          tagName: element.tagName,
          type: (element as HTMLInputElement).type,
          autocomplete: element.getAttribute('autocomplete'),
          wasPassword: isPasswordField(element),
        },
        level,
      );
    },
    // Every text node goes through maskTextFn, which decides with the composed ancestry: rrweb's
    // selector check cannot see past shadow roots and does not know contenteditable typing or
    // option labels are form values (rrweb issues #1609, #1361).
    maskTextSelector: '*',
    maskTextFn(text: string, element: HTMLElement | null): string {
      if (!element) return strict ? maskText(text) : text;
      // One walk up for the common case (no marker at all): the nearest element that is either
      // always masked or a marker. Only when a marker is found does the rest of the ancestry
      // need a look (an always-masked element above it still wins).
      const hit = composedClosest(element, anyMark);
      if (!hit) return strict ? maskText(text) : text;
      if (hit.matches(alwaysMasked) || composedClosest(hit, alwaysMasked)) return maskText(text);
      // Nearest marker wins; mask wins over unmask on the same element.
      if (hit.matches(maskSelector)) return maskText(text);
      // Unmasked text is left as is here: the event scrubber, which every event passes next,
      // scans it for personal data (once — scanning here too would do that work twice).
      return text;
    },
    blockSelector: join(MARKERS.block, extra.blockSelector, strict ? STRICT_BLOCKED_MEDIA : undefined),
    // rrweb matches ignoreSelector on the input itself; the `*` forms make the mark inherited.
    ignoreSelector: join(MARKERS.ignore, `${MARKERS.ignore} *`, extra.ignoreSelector, extra.ignoreSelector && `:is(${extra.ignoreSelector}) *`),
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  };
}
