/**
 * The state of the Drills page for one data source: the drills started from the page, those the
 * server reports running, and the alert sink, re-read every few seconds while mounted. Starting
 * and stopping go through the data source's control routes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { AlertSinkRead, DrillList } from '../../datasource/control/drillControl';
import { loadMciInstance, type MciInstance } from '../mciDataSources';
import { mergeDrills, type DrillRecord } from './drillTimeline';

/** How often the page re-reads the running drills and the alert sink. */
export const DRILLS_REFRESH_MS = 2000;

export interface DrillsState {
  available: string[];
  drills: DrillRecord[];
  sink?: AlertSinkRead;
  /** The last failure, said as what/why/how. */
  error?: string;
  busy: boolean;
  /** True while the server lists the drill as running. */
  isRunning(drill: DrillRecord): boolean;
  start(name: string, duration?: string): Promise<void>;
  stop(drill: DrillRecord): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function useDrills(settings: DataSourceInstanceSettings | undefined, now: () => number = Date.now): DrillsState {
  const [instance, setInstance] = useState<MciInstance>();
  const [list, setList] = useState<DrillList>({ active: [], available: [] });
  const [started, setStarted] = useState<DrillRecord[]>([]);
  const [sink, setSink] = useState<AlertSinkRead>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const offset = useRef(0);

  useEffect(() => {
    setInstance(undefined);
    setStarted([]);
    setSink(undefined);
    setError(undefined);
    if (!settings) {
      return;
    }
    let cancelled = false;
    loadMciInstance(settings).then(
      (loaded) => !cancelled && setInstance(loaded),
      (reason: unknown) => !cancelled && setError(messageOf(reason))
    );
    return () => {
      cancelled = true;
    };
  }, [settings]);

  const refresh = useCallback(async () => {
    if (!instance) {
      return;
    }
    try {
      const [nextList, nextSink] = await Promise.all([instance.drills.list(), instance.drills.readAlertSink()]);
      setList(nextList);
      setSink(nextSink);
      setError(undefined);
    } catch (reason) {
      setError(messageOf(reason));
    }
  }, [instance]);

  useEffect(() => {
    if (!instance) {
      return;
    }
    refresh();
    const timer = setInterval(refresh, DRILLS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [instance, refresh]);

  const start = useCallback(
    async (name: string, duration?: string) => {
      if (!instance) {
        return;
      }
      setBusy(true);
      try {
        const drill = await instance.drills.start({ name, duration });
        // The server's clock stamps drills and alerts; remember how far it is from ours.
        offset.current = drill.startedAt - now();
        setStarted((current) => [...current, drill]);
        await refresh();
      } catch (reason) {
        setError(messageOf(reason));
      } finally {
        setBusy(false);
      }
    },
    [instance, refresh, now]
  );

  const stop = useCallback(
    async (drill: DrillRecord) => {
      if (!instance) {
        return;
      }
      setBusy(true);
      try {
        await instance.drills.stop(drill.name);
        const stoppedAt = now() + offset.current;
        setStarted((current) => {
          const known = current.some((entry) => entry.name === drill.name && entry.startedAt === drill.startedAt);
          const stopped = { ...drill, stoppedAt };
          return known
            ? current.map((entry) =>
                entry.name === drill.name && entry.startedAt === drill.startedAt ? stopped : entry
              )
            : [...current, stopped];
        });
        await refresh();
      } catch (reason) {
        setError(messageOf(reason));
      } finally {
        setBusy(false);
      }
    },
    [instance, refresh, now]
  );

  const isRunning = useCallback(
    (drill: DrillRecord) =>
      list.active.some((active) => active.name === drill.name && active.startedAt === drill.startedAt),
    [list.active]
  );

  return {
    available: list.available,
    drills: mergeDrills(started, list.active),
    sink,
    error,
    busy,
    isRunning,
    start,
    stop,
  };
}
