/**
 * An action of a case as a form built from the action's body schema in the API's OpenAPI document (the same JSON
 * Schema the API validates with, libs/domain action schemas); the API's 400/409/422 answer is shown field by field.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import doc from '../../openapi.json';
import { ApiFailure, api, must } from '../api/client';
import { Problem } from './Problem';
import { useI18n } from '../i18n';

interface Schema {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  nullable?: boolean;
}

const schemas = (doc as { components: { schemas: Record<string, Schema> } }).components.schemas;

function deref(s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return deref(schemas[s.$ref.replace('#/components/schemas/', '')]);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    const parts = alt.map(deref).filter((x) => x.type !== 'null');
    if (parts.length === 1) return parts[0];
    if (parts.every((p) => p.enum)) return { type: 'string', enum: parts.flatMap((p) => p.enum ?? []) };
  }
  return s;
}

/** The body schema of an action (`POST /complaints/{id}/actions/{name}`'s request body). */
export function actionSchema(action: string): Schema {
  const paths = (
    doc as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
    }
  ).paths;
  const op = paths[`/complaints/{id}/actions/${action}`]?.post;
  return deref(op?.requestBody?.content?.['application/json']?.schema);
}

const FIELD_LABELS: Record<string, readonly [string, string]> = {
  note: ['备注', 'Note'],
  reason: ['原因', 'Reason'],
  comment: ['意见', 'Comment'],
  approve: ['同意', 'Approve'],
  assignee: ['分派给(员工编号)', 'Assignee (staff id)'],
  department: ['部门', 'Department'],
  category: ['类别', 'Category'],
  urgency: ['紧急程度', 'Urgency'],
  summary: ['调查结论', 'Summary'],
  rootCause: ['根本原因', 'Root cause'],
  companyLiable: ['公司有责', 'Company liable'],
  evidence: ['证据(JSON)', 'Evidence (JSON)'],
  partiesHeard: ['已听取意见的各方', 'Parties heard'],
  remedies: ['处理措施', 'Remedies'],
  compensationFen: ['赔偿金额(分)', 'Compensation (fen)'],
  compensationReason: ['赔偿理由', 'Compensation reason'],
  floorOffer: ['底限方案', 'Floor offer'],
  accepted: ['客户接受', 'Accepted'],
  reached: ['已联系上', 'Reached'],
  channel: ['渠道', 'Channel'],
  paymentRef: ['付款流水号', 'Payment reference'],
  text: ['回复内容', 'Text'],
  step: ['审核环节', 'Step'],
  items: ['证据清单', 'Items'],
  question: ['问题', 'Question'],
  answer: ['答复', 'Answer'],
  speed: ['处理速度(1–5)', 'Speed (1–5)'],
  effectiveness: ['处理效果(1–5)', 'Effectiveness (1–5)'],
  attitude: ['服务态度(1–5)', 'Attitude (1–5)'],
  transparency: ['过程透明(1–5)', 'Transparency (1–5)'],
  suggestion: ['意见建议', 'Suggestion'],
  explanation: ['说明', 'Explanation'],
};

function fieldInput(name: string, s: Schema) {
  const t = deref(s);
  const choice = (v: unknown) => ({ value: v as string, label: String(v) });
  if (t.enum && t.enum.length <= 8) return <Radio.Group options={t.enum.map(choice)} />;
  if (t.enum) return <Select allowClear options={t.enum.map(choice)} />;
  if (t.type === 'boolean') return <Switch />;
  if (t.type === 'integer' || t.type === 'number')
    return <InputNumber min={t.minimum} max={t.maximum} style={{ width: 200 }} />;
  if (t.type === 'array') {
    const item = deref(t.items);
    if (item.enum) return <Checkbox.Group options={item.enum.map(choice)} />;
    if (item.type === 'string') return <Input.TextArea rows={2} placeholder="每行一项 / one per line" />;
    return <Input.TextArea rows={2} placeholder='[{"kind":"tracking_scan","ref":"SCAN-1"}]' />;
  }
  if (t.type === 'object') return <Input.TextArea rows={2} placeholder="{}" />;
  return name === 'text' || name === 'summary' || name === 'note' ? <Input.TextArea rows={2} /> : <Input />;
}

/** JSON fields (arrays of objects, objects) are typed as JSON; the API judges them. */
function bodyOf(values: Record<string, unknown>, props: Record<string, Schema>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    const t = deref(props[k]);
    const item = deref(t.items);
    if (t.type === 'array' && item.type === 'string' && !item.enum && typeof v === 'string') {
      out[k] = v
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
      continue;
    }
    const jsonField = (t.type === 'array' && !item.enum) || t.type === 'object';
    if (jsonField && typeof v === 'string') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else out[k] = v;
  }
  return out;
}

export function ActionForm({
  caseId,
  action,
  onDone,
}: {
  caseId: string;
  action: string;
  onDone: (c: unknown) => void;
}) {
  const { lang, t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const schema = actionSchema(action);
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);

  async function submit(values: Record<string, unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.POST(`/complaints/{id}/actions/${action}` as '/complaints/{id}/actions/accept', {
        params: { path: { id: caseId } },
        body: bodyOf(values, props) as never,
        headers: { 'idempotency-key': `${action}-${crypto.randomUUID()}` },
      });
      const c = must<unknown>(r);
      message.success(t('done'));
      form.resetFields();
      onDone(c);
    } catch (e) {
      setError(e as Error);
      if (e instanceof ApiFailure) {
        const fields = (e.body?.error.details ?? [])
          .filter((d) => d.field && d.field.split('.')[0] in props)
          .map((d) => ({ name: d.field!.split('.')[0], errors: [d.reason ?? ''] }));
        if (fields.length) form.setFields(fields);
      }
    } finally {
      setBusy(false);
    }
  }

  const item = (name: string, s: Schema) => {
    const t2 = deref(s);
    const l = FIELD_LABELS[name];
    return (
      <Form.Item
        key={name}
        name={name}
        label={l ? l[lang === 'zh' ? 0 : 1] : name}
        required={required.has(name)}
        valuePropName={t2.type === 'boolean' ? 'checked' : 'value'}
        initialValue={t2.type === 'boolean' && required.has(name) ? false : undefined}
        tooltip={t2.description}
      >
        {fieldInput(name, s)}
      </Form.Item>
    );
  };
  const entries = Object.entries(props);
  const optional = entries.filter(([n]) => !required.has(n));

  return (
    <div data-form={action}>
      <Form form={form} layout="vertical" name={`action-${action}`} onFinish={(v) => void submit(v)}>
        {entries.filter(([n]) => required.has(n)).map(([n, s]) => item(n, s))}
        {optional.length > 0 &&
          (optional.length <= 3 ? (
            optional.map(([n, s]) => item(n, s))
          ) : (
            <details>
              <summary style={{ cursor: 'pointer', marginBottom: 8 }}>
                {lang === 'zh' ? `更多字段(${optional.length})` : `More fields (${optional.length})`}
              </summary>
              {optional.map(([n, s]) => item(n, s))}
            </details>
          ))}
        <Problem error={error} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t('submit')}
        </Button>
      </Form>
    </div>
  );
}
