/** The window property the recorder chunk calls with its module when it has run. */
export const RECORDER_READY_CALLBACK = '__veilRecorderReady';
