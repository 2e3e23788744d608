/**
 * Activity entries (spec 001 `activity:log`): only spec 001's six types; what exactly happened
 * (an order rejected, an alert raised, a scenario started) goes in `details.kind`.
 */
import type { ActivityLog, ActivitySeverity, ActivityType } from '../../src/protocol';

export type ActivityDetails = Record<string, string | number | boolean | null>;

export type ActivityFactory = (
  type: ActivityType,
  severity: ActivitySeverity,
  message: string,
  details: ActivityDetails,
  time: number
) => ActivityLog;

export function createActivityFactory(newId: () => string): ActivityFactory {
  return (type, severity, message, details, time) => ({
    id: `act-${newId()}`,
    type,
    severity,
    message,
    details,
    timestamp: time,
  });
}
