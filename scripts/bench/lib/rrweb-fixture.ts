/**
 * Synthetic rrweb events shaped like a recording of the demo shop (apps/server/demo): a full
 * snapshot of the page, then 5-second batches of what a busy visitor produces there — sampled
 * mouse moves, clicks, scrolls, masked typing, and mutations that add, reorder and remove product
 * cards and change the cart text. Deterministic, so every run sends the same bytes.
 */

export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}
type SNode = Record<string, unknown> & { id: number };

const EVENT = { FullSnapshot: 2, Incremental: 3, Meta: 4 } as const;
const SOURCE = { Mutation: 0, MouseMove: 1, MouseInteraction: 2, Scroll: 3, Input: 5 } as const;
const NAMES = ['Aurora desk lamp', 'Birch floor lamp', 'Cobalt pendant', 'Dune table lamp', 'Ember wall light', 'Fjord reading lamp', 'Glow bedside lamp', 'Halo ceiling light'];
const CSS = `:root{font-family:system-ui,sans-serif;color:#1d2433;background:#f6f7fb}body{margin:0}header{background:#1d2433;color:#fff;padding:16px 32px;display:flex;justify-content:space-between;align-items:center}main{display:grid;grid-template-columns:2fr 1fr;gap:24px;padding:24px 32px;max-width:1100px;margin:0 auto}.card{background:#fff;border-radius:10px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}.product{border:1px solid #e3e6ee;border-radius:8px;padding:12px}.price{color:#2a7a3b;font-weight:600}label{display:block;margin:10px 0 4px;font-size:14px}input{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid #c9cfdb;border-radius:6px;font-size:15px}button{margin-top:14px;padding:9px 16px;border:0;border-radius:6px;background:#3b5bdb;color:#fff;font-size:15px;cursor:pointer}`;

/** Builds one recorded page; `next*` methods produce what happens on it, in time order. */
export class DemoRecording {
  private nextId = 1;
  private products: Array<{ id: number; price: number }> = [];
  private productsId = 0;
  private cartTextId = 0;
  private inputIds: number[] = [];
  private buttonIds: number[] = [];
  private shown = 0;
  private cart = 0;
  private scrollY = 0;
  private typed = new Map<number, number>();
  private step = 0;

  constructor(readonly href = 'http://127.0.0.1:3000/demo') {}

  private id(): number {
    return this.nextId++;
  }
  private el(tagName: string, attributes: Record<string, string>, childNodes: SNode[] = []): SNode {
    return { type: 2, tagName, attributes, childNodes, id: this.id() };
  }
  private text(textContent: string): SNode {
    return { type: 3, textContent, id: this.id() };
  }

  /** Meta + full snapshot of the page as it loads (ids restart: a new page view). */
  start(ts: number): RrwebEvent[] {
    this.nextId = 1;
    this.products = [];
    this.inputIds = [];
    this.buttonIds = [];
    this.shown = 0;
    const doc: SNode = { type: 0, childNodes: [], id: this.id() };
    const doctype: SNode = { type: 1, name: 'html', publicId: '', systemId: '', id: this.id() };
    const head = this.el('head', {}, [
      this.el('meta', { charset: 'utf-8' }),
      this.el('title', {}, [this.text('Lumen & Co — demo shop')]),
      this.el('style', {}, [{ ...this.text(CSS), isStyle: true }]),
    ]);
    const cartText = this.text('Cart: 0 items');
    this.cartTextId = cartText.id;
    const addButton = this.el('button', { id: 'add-product', class: 'secondary', type: 'button' }, [this.text('Show more lamps')]);
    const shuffle = this.el('button', { id: 'shuffle', class: 'secondary', type: 'button' }, [this.text('Shuffle')]);
    this.buttonIds.push(addButton.id, shuffle.id);
    const products = this.el('div', { id: 'products', class: 'products' });
    this.productsId = products.id;
    const field = (id: string, label: string, type: string, autocomplete: string) => {
      const input = this.el('input', { id, name: id, type, autocomplete, value: '' });
      this.inputIds.push(input.id);
      return [this.el('label', { for: id }, [this.text(label)]), input];
    };
    const form = this.el('form', { id: 'signup', autocomplete: 'on' }, [
      ...field('name', 'Full name', 'text', 'name'),
      ...field('email', 'Email', 'email', 'email'),
      ...field('password', 'Password', 'password', 'new-password'),
      ...field('card', 'Card number', 'text', 'cc-number'),
      this.el('button', { type: 'submit' }, [this.text('Sign up')]),
      this.el('div', { id: 'status', role: 'status' }),
    ]);
    const body = this.el('body', {}, [
      this.el('header', {}, [this.el('h1', {}, [this.text('Lumen & Co')]), this.el('nav', {}, [this.el('span', { id: 'cart-count' }, [cartText])])]),
      this.el('main', {}, [
        this.el('section', { class: 'card' }, [
          this.el('h2', {}, [this.text('Featured lamps')]),
          this.el('p', {}, [this.text('Hand-made lamps for every room. Prices include shipping.')]),
          this.el('div', { class: 'row' }, [addButton, shuffle]),
          products,
        ]),
        this.el('section', { class: 'card' }, [this.el('h2', {}, [this.text('Create your account')]), form]),
      ]),
      this.el('footer', {}, [this.text('Demo page of Veil: this page records itself into the default project.')]),
    ]);
    doc.childNodes = [doctype, this.el('html', { lang: 'en' }, [head, body])];
    const events: RrwebEvent[] = [
      { type: EVENT.Meta, timestamp: ts, data: { href: this.href, width: 1280, height: 720 } },
      { type: EVENT.FullSnapshot, timestamp: ts + 1, data: { node: doc, initialOffset: { left: 0, top: 0 } } },
    ];
    for (let i = 0; i < 4; i++) events.push(this.addProduct(ts + 2));
    return events;
  }

  private addProduct(ts: number): RrwebEvent {
    const card = this.id();
    const h3 = this.id();
    const price = this.id();
    const button = this.id();
    const name = NAMES[this.shown % NAMES.length]!;
    const amount = 49 + ((this.shown * 17) % 120);
    this.shown++;
    const adds = [
      { parentId: this.productsId, nextId: null, node: { type: 2, tagName: 'div', attributes: { class: 'product' }, childNodes: [], id: card } },
      { parentId: card, nextId: price, node: { type: 2, tagName: 'h3', attributes: {}, childNodes: [], id: h3 } },
      { parentId: h3, nextId: null, node: { type: 3, textContent: name, id: this.id() } },
      { parentId: card, nextId: button, node: { type: 2, tagName: 'div', attributes: { class: 'price' }, childNodes: [], id: price } },
      { parentId: price, nextId: null, node: { type: 3, textContent: `$${amount}.00`, id: this.id() } },
      { parentId: card, nextId: null, node: { type: 2, tagName: 'button', attributes: { type: 'button' }, childNodes: [], id: button } },
      { parentId: button, nextId: null, node: { type: 3, textContent: 'Add to cart', id: this.id() } },
    ];
    this.products.push({ id: card, price: amount });
    this.buttonIds.push(button);
    return { type: EVENT.Incremental, timestamp: ts, data: { source: SOURCE.Mutation, texts: [], attributes: [], removes: [], adds } };
  }

  /** One incremental event at `ts`, cycling through what a visitor does on the demo shop. */
  next(ts: number): RrwebEvent {
    const s = this.step++;
    const inc = (data: Record<string, unknown>): RrwebEvent => ({ type: EVENT.Incremental, timestamp: ts, data });
    switch (s % 10) {
      case 0:
      case 3:
      case 6: {
        // rrweb batches sampled moves: ~10 positions per event.
        const positions = Array.from({ length: 10 }, (_, i) => ({ x: 200 + ((s * 37 + i * 13) % 900), y: 100 + ((s * 23 + i * 7) % 600), id: this.productsId, timeOffset: -450 + i * 50 }));
        return inc({ source: SOURCE.MouseMove, positions });
      }
      case 1:
      case 4:
      case 7: {
        const id = this.inputIds[s % this.inputIds.length]!;
        const n = (this.typed.get(id) ?? 0) + 1;
        this.typed.set(id, n % 24);
        return inc({ source: SOURCE.Input, text: '*'.repeat(n % 24), isChecked: false, id });
      }
      case 2:
        this.scrollY = (this.scrollY + 120) % 1800;
        return inc({ source: SOURCE.Scroll, id: 1, x: 0, y: this.scrollY });
      case 5: {
        const id = this.buttonIds[s % this.buttonIds.length]!;
        return inc({ source: SOURCE.MouseInteraction, type: 2, id, x: 300 + (s % 400), y: 200 + (s % 300), pointerType: 0 });
      }
      case 8: {
        // Cart text, a class toggle, and a product added (the oldest removed beyond 40).
        this.cart++;
        const e = this.addProduct(ts);
        const data = e.data as { texts: unknown[]; attributes: unknown[]; removes: unknown[] };
        data.texts.push({ id: this.cartTextId, value: `Cart: ${this.cart} items` });
        const first = this.products[0];
        if (first) data.attributes.push({ id: first.id, attributes: { class: this.cart % 2 ? 'product highlighted' : 'product' } });
        if (this.products.length > 40) data.removes.push({ parentId: this.productsId, id: this.products.shift()!.id });
        return e;
      }
      default: {
        // Shuffle: rrweb records a reorder as removes + adds of the moved cards.
        const moved = this.products.slice(-6).reverse();
        const removes = moved.map((p) => ({ parentId: this.productsId, id: p.id }));
        const adds = moved.map((p) => ({ parentId: this.productsId, nextId: null, node: { type: 2, tagName: 'div', attributes: { class: 'product' }, childNodes: [], id: p.id } }));
        return inc({ source: SOURCE.Mutation, texts: [], attributes: [], removes, adds });
      }
    }
  }

  /**
   * Events of one batch covering [from, from + durationMs): incremental events spread evenly
   * until their JSON reaches `targetBytes` (≈ 45 KB raw for a busy 5-second batch).
   */
  batch(from: number, durationMs: number, targetBytes: number): RrwebEvent[] {
    const events: RrwebEvent[] = [];
    let bytes = 2;
    // Estimate how many events fit, so timestamps spread over the whole window.
    const estimate = Math.max(1, Math.round(targetBytes / 330));
    for (let i = 0; bytes < targetBytes; i++) {
      const e = this.next(from + Math.min(durationMs - 1, Math.floor((i * durationMs) / estimate)));
      bytes += JSON.stringify(e).length + 1;
      events.push(e);
    }
    return events;
  }
}

/** Wraps events as the recorder's ingest body. */
export function batchBody(sessionId: string, seq: number, events: RrwebEvent[], userId?: string): string {
  return JSON.stringify({ v: 1, sessionId, seq, ...(userId ? { userId } : {}), events });
}
