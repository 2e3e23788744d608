/**
 * Which credential each kind of route accepts (docs/security.md), and the what/why/how of a
 * refusal: no or an unknown credential is 401; a valid credential of the wrong kind (a telemetry
 * key on the control API) is 403, so the caller learns the key works but not here. Pure.
 */
import type { BearerKind } from '../Authenticator';
import { HttpError } from '../httpErrors';

/** Who may call a route. */
export type Access = 'public' | 'telemetry' | 'control' | 'alert-sink' | 'metrics';

interface Rule {
  accepts: readonly BearerKind[];
  /** The credential named in a refusal. */
  needs: string;
  how: string;
}

const RULES: Record<Exclude<Access, 'public'>, Rule> = {
  telemetry: {
    accepts: ['api-key'],
    needs: 'API key',
    how: 'Send "Authorization: Bearer <key>" with one of the keys the server was started with (--api-key)',
  },
  control: {
    accepts: ['control'],
    needs: 'control key',
    how: 'Send "Authorization: Bearer <control key>" with the key the server was started with (--control-key, MCI_SIM_CONTROL_KEY); telemetry API keys never reach the control API',
  },
  'alert-sink': {
    accepts: ['alert-sink'],
    needs: 'alert-sink token',
    how: 'Configure the webhook contact point with "Authorization: Bearer <token>", the token the server was started with (--alert-sink-token, MCI_SIM_ALERT_SINK_TOKEN)',
  },
  metrics: {
    accepts: ['api-key', 'metrics'],
    needs: 'API key or metrics token',
    how: 'Scrape with "Authorization: Bearer <token>" (--metrics-token, or an API key), or scrape the unauthenticated --metrics-port on a private network',
  },
};

const NAMES: Record<BearerKind, string> = {
  'api-key': 'a telemetry API key',
  control: 'a control key',
  'alert-sink': 'an alert-sink token',
  metrics: 'a metrics token',
};

/** Undefined when `presented` may call a route of `access`; otherwise the error to answer with. */
export function accessRefusal(access: Access, presented: BearerKind | undefined): HttpError | undefined {
  if (access === 'public') {
    return undefined;
  }
  const rule = RULES[access];
  if (presented !== undefined && rule.accepts.includes(presented)) {
    return undefined;
  }
  if (presented === undefined) {
    return new HttpError('AUTH_REQUIRED', {
      what: 'Request rejected',
      why: `The request carried no valid ${rule.needs}`,
      how: rule.how,
    });
  }
  return new HttpError(
    'AUTH_REQUIRED',
    {
      what: 'Request forbidden',
      why: `This route needs the ${rule.needs}; the request carried ${NAMES[presented]}, which cannot call it`,
      how: rule.how,
    },
    403
  );
}
