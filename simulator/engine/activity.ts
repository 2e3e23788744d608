/**
 * Activity entries (spec 001 `activity:log`): only spec 001's six types; what exactly happened
 * (an order rejected, an alert raised, a scenario started) goes in `details.kind`.
 */
import type { ActivityLog, ActivitySeverity, ActivityType, Alert } from '../../src/protocol';

/** Any JSON: a decision trace travels as a nested object. */
export type DetailValue = string | number | boolean | null | DetailValue[] | { [key: string]: DetailValue };
export type ActivityDetails = Record<string, DetailValue>;

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

/** The activity entry for an alert raised or resolved by the alert monitor. */
export function alertActivity(
  activity: ActivityFactory,
  type: 'raised' | 'resolved',
  alert: Alert,
  time: number
): ActivityLog {
  const details: ActivityDetails = {
    kind: type === 'raised' ? 'alert_raised' : 'alert_resolved',
    alertId: alert.id,
    service: alert.service,
    metric: alert.metric,
    severity: alert.severity,
    value: alert.value,
    threshold: alert.threshold,
  };
  if (type === 'resolved') {
    return activity('system', 'info', `Resolved: ${alert.message}`, details, time);
  }
  const text = `${alert.severity === 'critical' ? 'Critical' : 'Warning'}: ${alert.message}`;
  return activity('system', alert.severity === 'critical' ? 'error' : 'warning', text, details, time);
}
