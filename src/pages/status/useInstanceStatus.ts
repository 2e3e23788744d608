import { useEffect, useState } from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { InstanceStatus } from '../../datasource/status/watchStatus';
import { loadMciInstance } from '../mciDataSources';

/** The live status of one MCI data source while the component is mounted (subscription released on unmount). */
export function useInstanceStatus(settings: DataSourceInstanceSettings): { status?: InstanceStatus; error?: string } {
  const [status, setStatus] = useState<InstanceStatus>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let release: (() => void) | undefined;
    let cancelled = false;
    loadMciInstance(settings).then(
      (instance) => {
        if (cancelled) {
          return;
        }
        const subscription = instance.watchStatus().subscribe({
          next: setStatus,
          error: (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
        });
        release = () => subscription.unsubscribe();
      },
      (reason: unknown) => !cancelled && setError(reason instanceof Error ? reason.message : String(reason))
    );
    return () => {
      cancelled = true;
      release?.();
    };
  }, [settings]);
  return { status, error };
}
