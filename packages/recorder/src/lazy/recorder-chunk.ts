// Entry of the script-tag build's recorder chunk (`/veil-recorder.<hash>.js`): hands the module
// to the loader that asked for it (load-recorder-script.ts).
import * as recorderModule from './recorder-module.js';
import { RECORDER_READY_CALLBACK } from './recorder-ready.js';

const ready = (window as unknown as Record<string, unknown>)[RECORDER_READY_CALLBACK];
if (typeof ready === 'function') ready(recorderModule);
