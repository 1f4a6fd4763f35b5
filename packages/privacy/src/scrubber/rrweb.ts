// The slice of rrweb 2.x's event format the scrubber reads, declared locally so this package
// imports nothing (numbers from @rrweb/types EventType, IncrementalSource, NodeType).

/** rrweb EventType values. */
export const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4, Custom: 5, Plugin: 6 } as const;

/** rrweb IncrementalSource values the scrubber touches. */
export const Source = {
  Mutation: 0,
  Input: 5,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  StyleDeclaration: 13,
  AdoptedStyleSheet: 15,
} as const;

/** rrweb-snapshot NodeType values. */
export const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const;

/** A serialized node as rrweb-snapshot emits it (all node types folded into one shape). */
export interface SerializedNode {
  type: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
  needBlock?: boolean;
}

/** Any JSON object, as events arrive before validation narrows them. */
export type JsonObject = Record<string, unknown>;

/** True for non-null, non-array objects. */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
