/**
 * The remote codec endpoint for the Temporal UI and CLI (docs/adr/0017-payload-encryption.md): `POST /codec/decode`
 * and `POST /codec/encode` per Temporal's remote codec protocol — `{ payloads: [{ metadata: { k: base64 }, data:
 * base64 }] }` in and out — with the API's own keyring (the payload codec of its Temporal client). Decoding shows
 * complainants' data and staff free text in clear, so it needs a bearer token of an auditor or an admin; encoding
 * (the UI signalling or starting a workflow) an admin. Point the UI at `https://<api>/codec` (its "Data Encoder"
 * setting, with "pass the access token"), and allow its origin in `CODEC_CORS_ORIGINS`.
 */
import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { Roles } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { invalid, type FieldProblem } from '../common/validation';
import { TEMPORAL_CLIENT } from '../tokens';

/** A payload as the remote codec protocol carries it: metadata values and data in base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** At most this many payloads per call (the UI sends a page of a history at a time). */
export const CODEC_MAX_PAYLOADS = 1000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function toPayloads(body: unknown): Payload[] {
  const problems: FieldProblem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid([{ field: '(body)', reason: 'must be a JSON object' }]);
  }
  const list = (body as { payloads?: unknown }).payloads;
  if (list === undefined) throw invalid([{ field: 'payloads', reason: 'is required' }]);
  if (!Array.isArray(list)) throw invalid([{ field: 'payloads', reason: 'must be an array' }]);
  if (list.length > CODEC_MAX_PAYLOADS) {
    throw invalid([{ field: 'payloads', reason: `must contain no more than ${CODEC_MAX_PAYLOADS} elements` }]);
  }
  const payloads = list.map((p: unknown, i): Payload => {
    const field = `payloads[${i}]`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      problems.push({ field, reason: 'must be an object' });
      return {};
    }
    const { metadata, data } = p as { metadata?: unknown; data?: unknown };
    const out: Payload = { metadata: {} };
    if (metadata !== undefined) {
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        problems.push({ field: `${field}.metadata`, reason: 'must be an object' });
      } else {
        for (const [k, v] of Object.entries(metadata)) {
          if (FORBIDDEN_KEYS.has(k))
            problems.push({ field: `${field}.metadata.${k}`, reason: 'is not an allowed property' });
          else if (typeof v !== 'string' || !BASE64.test(v))
            problems.push({ field: `${field}.metadata.${k}`, reason: 'must be base64' });
          else (out.metadata as Record<string, Uint8Array>)[k] = Buffer.from(v, 'base64');
        }
      }
    }
    if (data !== undefined) {
      if (typeof data !== 'string' || !BASE64.test(data))
        problems.push({ field: `${field}.data`, reason: 'must be base64' });
      else out.data = Buffer.from(data, 'base64');
    }
    return out;
  });
  if (problems.length > 0) throw invalid(problems);
  return payloads;
}

function toJson(payloads: readonly Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

const PAYLOADS_BODY = {
  schema: {
    type: 'object',
    required: ['payloads'],
    properties: {
      payloads: {
        type: 'array',
        maxItems: CODEC_MAX_PAYLOADS,
        items: {
          type: 'object',
          properties: {
            metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
            data: { type: 'string', format: 'byte' },
          },
        },
      },
    },
  },
};

@ApiTags('codec')
@ApiBearerAuth()
@Controller('codec')
export class CodecController {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  private get codecs() {
    return this.temporal.options.loadedDataConverter.payloadCodecs;
  }

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: '解密 Temporal 载荷(供 Temporal UI 使用)/ Decrypt Temporal payloads (remote codec for the Temporal UI)',
    description:
      "Temporal's remote codec protocol: payloads in, the same payloads decrypted out (those not encrypted unchanged).",
  })
  @ApiBody(PAYLOADS_BODY)
  @ApiResponse({ status: 200, description: '{ payloads }' })
  @ApiResponse({ status: 400, description: 'REQUEST.INVALID, or CODEC.UNDECODABLE (unknown key id, altered)' })
  @ApiResponse({ status: 401, description: 'no or bad bearer token' })
  @ApiResponse({ status: 403, description: 'neither auditor nor admin' })
  async decode(@Body() body: unknown): Promise<{ payloads: JsonPayload[] }> {
    let payloads = toPayloads(body);
    try {
      for (const codec of [...this.codecs].reverse()) payloads = await codec.decode(payloads);
    } catch (err) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'CODEC.UNDECODABLE',
        'A payload cannot be decrypted with the keyring.',
        [{ field: 'payloads', reason: 'cannot be decrypted with the keyring', cause: (err as Error).message }],
      );
    }
    return toJson(payloads);
  }

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  @Roles('admin')
  @ApiOperation({
    summary: '加密 Temporal 载荷 / Encrypt Temporal payloads (remote codec for the Temporal UI)',
    description: "Temporal's remote codec protocol: payloads in, encrypted under the current key out.",
  })
  @ApiBody(PAYLOADS_BODY)
  @ApiResponse({ status: 200, description: '{ payloads }' })
  @ApiResponse({ status: 401, description: 'no or bad bearer token' })
  @ApiResponse({ status: 403, description: 'not an admin' })
  async encode(@Body() body: unknown): Promise<{ payloads: JsonPayload[] }> {
    let payloads = toPayloads(body);
    for (const codec of this.codecs) payloads = await codec.encode(payloads);
    return toJson(payloads);
  }
}
