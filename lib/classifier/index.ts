// Public surface of the classifier. Pure: no database, no framework, no clock; the address
// lists are read once from lib/classifier/data at first use.

export { CLASSIFIER_VERSION, classifyThread, combineWeights } from './classify';
export { describeClient, explainReasons, type ClientDescription } from './explain';
export { describeFetcher } from './fetcher';
export { lookupNetwork } from './network';
export { REASONS, isKnownReason, formatDuration, type KnownReason } from './reasons';
export { THRESHOLDS } from './signals/view';
export * from './types';
