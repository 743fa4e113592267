// The one place the tracking path touches the classifier's entry points.
import { CLASSIFIER_VERSION, classifyThread, lookupNetwork } from '@/lib/classifier';
import type {
  Classification,
  MessageContext,
  NetworkFacts,
  TrackingRequest,
} from '@/lib/classifier/types';

export const classifierVersion: string = CLASSIFIER_VERSION;

/** Classifies every request of one message's thread (oldest first), seen as a whole. */
export function classifyRequests(
  context: MessageContext,
  requests: TrackingRequest[],
): Classification[] {
  return classifyThread(context, requests);
}

export function networkFactsOf(ip: string): NetworkFacts {
  return lookupNetwork(ip);
}
