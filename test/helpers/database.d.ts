/**
 * Everything stored in a Veil data dir, as text: every table's rows, every chunk decompressed,
 * and the raw database and WAL files. A secret absent from this is absent from the disk.
 */
export declare function dumpStoredText(dataDir: string): string;
