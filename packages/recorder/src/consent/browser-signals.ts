/** True when the browser asks not to be tracked: Global Privacy Control or Do Not Track "1". */
export function browserSaysDoNotTrack(nav: Navigator = navigator): boolean {
  const n = nav as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string };
  const w = (typeof window === 'undefined' ? {} : window) as { doNotTrack?: string };
  return n.globalPrivacyControl === true || n.doNotTrack === '1' || w.doNotTrack === '1' || n.msDoNotTrack === '1';
}
