/**
 * The body of `POST /privacy/subject-access` (ADR 0019): the person's phone and/or e-mail (in the body, never in a
 * URL, so no access log holds them) and why the export is made. Validated like the directory's bodies (zh-CN reasons
 * by default, en on request; unknown fields refused).
 */
import { z } from 'zod';

const blank = { error: 'blank' };

export const SUBJECT_ACCESS = z
  .strictObject({
    phone: z
      .string()
      .regex(/^\+?\d[\d-]{5,22}\d$/, { error: 'phone' })
      .optional()
      .meta({ example: '13812345678', maxLength: 25, description: '申请人的电话号码' }),
    email: z
      .email({ error: 'email' })
      .max(254)
      .optional()
      .meta({ example: 'zhang.san@example.com', description: '申请人的电子邮件地址(未留电话时以此查找)' }),
    reason: z
      .string()
      .regex(/\S/, blank)
      .refine((s) => [...s].length <= 500, { error: 'max:500' })
      .meta({ example: '申请人依《个人信息保护法》第45条申请查阅复制其个人信息,工单 DSAR-2026-001', maxLength: 500 }),
  })
  .refine((b) => b.phone !== undefined || b.email !== undefined, { error: 'contactNeeded', path: ['phone'] })
  .meta({ title: 'SubjectAccessRequest' });

export type SubjectAccessRequest = z.infer<typeof SUBJECT_ACCESS>;
