/** The page of the main-thread scenario: static content, 20 inputs, and an empty root to fill. */
export function mutationPageHtml(scriptSrc: string | null): string {
  const inputs = Array.from({ length: 20 }, (_, i) => `<label>Field ${i + 1} <input id="f${i}" name="f${i}" type="${i % 5 === 4 ? 'email' : 'text'}"></label>`).join('\n');
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i + 1}: hand-made lamps for every room, shipped within three days.</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mutation bench</title>
<style>body{font-family:system-ui;margin:0;padding:16px}.row{display:flex;gap:4px;padding:2px}.cell{padding:0 4px}form{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}</style>
</head><body>
<h1>Mutation-heavy page</h1>
<form id="form">${inputs}</form>
<section>${paragraphs}</section>
<div id="root"></div>
${scriptSrc ? `<script src="${scriptSrc}"></script>` : ''}
</body></html>`;
}

/** How much the workload does: the full form is 1,000 rows, 20 fields × 16 characters, 30 scrolls. */
export interface WorkloadSize {
  rows: number;
  fields: number;
  chars: number;
  scrolls: number;
}

/**
 * The workload, run in the page: creates `rows`×10 elements, churns attributes and text, types
 * into the 20 inputs and scrolls, yielding to the event loop between steps so observers run as
 * they would on a real page.
 */
export async function mutationWorkload({ rows, fields, chars, scrolls }: WorkloadSize): Promise<void> {
  const tick = () => new Promise<void>((r) => setTimeout(r, 0));
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const root = document.getElementById('root')!;
  const made: HTMLElement[] = [];
  for (let i = 0; i < rows; i++) {
    const row = document.createElement('div');
    row.className = 'row';
    for (let j = 0; j < 9; j++) {
      const cell = document.createElement('span');
      cell.className = 'cell';
      cell.textContent = `r${i}c${j}`;
      row.appendChild(cell);
    }
    root.appendChild(row);
    made.push(row);
    if (i % 50 === 49) await tick();
  }
  await tick();
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < made.length; i++) {
      made[i]!.setAttribute('data-state', `s${round}`);
      made[i]!.style.color = round % 2 ? '#333' : '#555';
      if (i % 100 === 99) await tick();
    }
    await tick();
    for (let i = 0; i < made.length; i++) {
      made[i]!.firstChild!.textContent = `v${round}-${i}`;
      if (i % 100 === 99) await tick();
    }
    await tick();
  }
  const text = 'hello lamp world, bright and warm'.slice(0, chars);
  for (let f = 0; f < fields; f++) {
    const input = document.getElementById(`f${f}`) as HTMLInputElement;
    input.focus();
    for (const ch of text) {
      input.value += ch;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await tick();
    }
  }
  for (let s = 0; s < scrolls; s++) {
    window.scrollTo(0, (s * 400) % Math.max(1, document.body.scrollHeight));
    await frame();
  }
  for (const row of made.slice(0, made.length / 2)) row.remove();
  await tick();
}

/** How much the burst workload does (the full form: 30 bursts × 70 rows × 10 nodes = 21,000). */
export interface BurstSize {
  bursts: number;
  rowsPerBurst: number;
  texts: number;
  attributes: number;
  fields: number;
  chars: number;
  scrolls: number;
}

/**
 * The mutation-heavy workload, run in the page: rows of 10 nodes (a row and 9 cells with text)
 * added a burst at a time, one frame apart; then `texts` text and `attributes` attribute changes
 * in bursts of 200; typing; scrolling.
 */
export async function burstWorkload({ bursts, rowsPerBurst, texts, attributes, fields, chars, scrolls }: BurstSize): Promise<void> {
  const tick = () => new Promise<void>((r) => setTimeout(r, 0));
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const root = document.getElementById('root')!;
  const rows: HTMLElement[] = [];
  for (let b = 0; b < bursts; b++) {
    const burst = document.createDocumentFragment();
    for (let i = 0; i < rowsPerBurst; i++) {
      const row = document.createElement('div');
      row.className = 'row';
      for (let j = 0; j < 9; j++) {
        const cell = document.createElement('span');
        cell.className = 'cell';
        cell.textContent = `item ${b}-${i}-${j}`;
        row.appendChild(cell);
      }
      burst.appendChild(row);
      rows.push(row);
    }
    root.appendChild(burst);
    await frame();
  }
  for (let i = 0; i < texts; i++) {
    const row = rows[(i * 7) % rows.length]!;
    (row.firstChild as HTMLElement).firstChild!.textContent = `changed ${i}`;
    if (i % 200 === 199) await frame();
  }
  for (let i = 0; i < attributes; i++) {
    rows[(i * 11) % rows.length]!.setAttribute('data-state', `s${i}`);
    if (i % 200 === 199) await frame();
  }
  const text = 'hello lamp world, bright and warm'.slice(0, chars);
  for (let f = 0; f < fields; f++) {
    const input = document.getElementById(`f${f}`) as HTMLInputElement;
    input.focus();
    for (const ch of text) {
      input.value += ch;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await tick();
    }
  }
  for (let s = 0; s < scrolls; s++) {
    window.scrollTo(0, (s * 600) % Math.max(1, document.body.scrollHeight));
    await frame();
  }
}
