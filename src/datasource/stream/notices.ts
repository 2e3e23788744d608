/**
 * What the panel header tells the user about a query's stream, as frame notices with the
 * what/why/how text (spec 000 error handling): reconnecting, polling fallback, connecting, stale
 * data, server error events, healed gaps skipped messages and a refused API key. Pure: the state and the time are passed in.
 */
import type { QueryResultMetaNotice } from '@grafana/data';
import type { ClientError, ClientStatus } from '../../client';
import { CHANNEL_INTERVAL_MS, type Channel } from '../../protocol';
import { DATASOURCE_DEFAULTS } from '../types';
import type { SkippedCount } from './SkippedTally';

export interface StreamState {
  channel: Channel;
  wsUrl: string;
  status?: ClientStatus;
  /** Epoch ms of the last item of this channel, or of the subscription when none came yet. */
  lastDataAt: number;
  /** The last server `error` event, until data flows again after it. */
  serverError?: ClientError;
  /** Epoch ms of the last gap marker. */
  gapAt?: number;
  /** Why the history backfill failed, if it did. */
  historyError?: string;
  /** The channel may legitimately stay silent now (no staleness). */
  quietAllowed?: boolean;
  /** Messages of this channel (or of none) the data source instance skipped as invalid. */
  skipped?: SkippedCount;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

function reconnecting(state: StreamState, status: ClientStatus, now: number): QueryResultMetaNotice {
  const next = status.nextRetryAt !== undefined ? `, next try in ${seconds(status.nextRetryAt - now)}` : '';
  const why = status.lastError
    ? status.lastError.why || status.lastError.what
    : 'the connection to the server was lost';
  const how = status.lastError?.how || `check that the MCI server at ${state.wsUrl} is running and reachable`;
  return {
    severity: 'warning',
    text: `Reconnecting to the MCI server (attempt ${status.attempt}${next}). Why: ${why}. How: ${how}; the panel resumes by itself once the server answers.`,
  };
}

function credentialRefused(status: ClientStatus): QueryResultMetaNotice {
  const why = status.lastError ? status.lastError.why || status.lastError.what : 'the server answered 401/403';
  return {
    severity: 'error',
    text: `The MCI server refused the API key, so the data source stopped connecting. Why: ${why}. How: in Configuration → Data sources → MCI, enter the right API key under "API key" (the key the server was started with), save and test, then refresh the dashboard.`,
  };
}

/** Whether a state channel went quiet for `staleIntervals` of its cadence. */
export function isStale(state: StreamState, now: number): boolean {
  const interval = CHANNEL_INTERVAL_MS[state.channel];
  return (
    interval !== null && !state.quietAllowed && now - state.lastDataAt > DATASOURCE_DEFAULTS.staleIntervals * interval
  );
}

function skipped({ count, last }: SkippedCount): QueryResultMetaNotice {
  const { what, why, how } = last.error;
  return {
    severity: 'warning',
    text: `${count} message${count === 1 ? '' : 's'} skipped (last: ${what}: ${why}). Why: they broke the MCI protocol, so the panel may miss what they carried. How: ${how}.`,
  };
}

export function streamNotices(state: StreamState, now: number): QueryResultMetaNotice[] {
  const notices: QueryResultMetaNotice[] = [];
  const status = state.status;
  if (status?.credentialRefused) {
    // The client stopped retrying: "reconnecting" would promise what will not happen.
    notices.push(credentialRefused(status));
  } else if (status?.state === 'reconnecting') {
    notices.push(reconnecting(state, status, now));
  } else if (status && (status.state === 'connecting' || status.state === 'disconnected') && status.lastError) {
    notices.push({
      severity: 'warning',
      text: `Not connected to the MCI server: ${status.lastError.what}. Why: ${status.lastError.why}. How: ${status.lastError.how}.`,
    });
  }
  if (status?.polling && !status.credentialRefused) {
    notices.push({
      severity: 'info',
      text: 'Polling fallback: showing the REST snapshot, refreshed every 2 s. Why: the live WebSocket is down. How: nothing to do; live streaming resumes when the socket reconnects.',
    });
  }
  if (state.serverError && state.serverError.at >= state.lastDataAt) {
    const error = state.serverError;
    notices.push({
      severity: 'error',
      text: `MCI server error ${error.code}: ${error.what}. Why: ${error.why}. How: ${error.how}.`,
    });
  }
  if (isStale(state, now)) {
    const interval = CHANNEL_INTERVAL_MS[state.channel] ?? 0;
    notices.push({
      severity: 'warning',
      text: `Stale data: no ${state.channel} update for ${seconds(now - state.lastDataAt)} (expected every ${seconds(interval)}). Why: the server sent nothing on this channel for ${DATASOURCE_DEFAULTS.staleIntervals} intervals; the engine may be stalled or the connection slow. How: check the MCI server's health; the panel updates as soon as data arrives.`,
    });
  }
  if (state.gapAt !== undefined && now - state.gapAt < DATASOURCE_DEFAULTS.gapNoticeMs) {
    notices.push({
      severity: 'info',
      text: `Some ${state.channel} events could not be replayed after a reconnect. Why: the server's history no longer held them. How: nothing to do; the panel was refreshed from the REST snapshot.`,
    });
  }
  if (state.skipped) {
    notices.push(skipped(state.skipped));
  }
  if (state.historyError !== undefined) {
    notices.push({
      severity: 'info',
      text: `No history before the live data: ${state.historyError}. Why: the server's history could not be read through the REST URL. How: check "REST URL" in the data source settings; live data is not affected.`,
    });
  }
  return notices;
}
