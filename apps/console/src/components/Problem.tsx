import { Alert } from 'antd';
import { ApiFailure } from '../api/client';

/** An API refusal as the API worded it (in the language asked for), with each field and its reason. */
export function Problem({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const details = error instanceof ApiFailure ? (error.body?.error.details ?? []) : [];
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      title={error.message}
      description={
        details.length ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {details.map((d, i) => (
              <li key={i}>
                {d.field ? <strong>{d.field}</strong> : null}
                {d.field && d.reason ? ':' : ''}
                {d.reason}
                {d.ruleId ? ` (${d.ruleId})` : ''}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
