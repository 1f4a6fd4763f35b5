// What the page loads only once every gate agreed to record: rrweb, the scrubber, the buffer and
// the transport. The gates (index.ts) never import these directly, so a page where nothing will
// be recorded (opted out, no consent, sampled out, switched off) never downloads or runs them.
export { Recorder, type RecorderEvents } from '../recorder.js';
export { setDebug } from '../log.js';
