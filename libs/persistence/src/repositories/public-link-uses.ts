/** `public_link_uses`: the ids of single-use customer link tokens already spent. */
import type { Queryable } from './db';

export interface PublicLinkUse {
  readonly tokenId: string;
  readonly caseId: string;
  readonly purpose: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export class PublicLinkUsesRepository {
  constructor(private readonly db: Queryable) {}

  /** Records the token as spent; false when it already was. */
  async spend(use: PublicLinkUse): Promise<boolean> {
    const used: unknown[] = await this.db.query(
      `INSERT INTO public_link_uses (token_id, case_id, purpose, expires_at)
       VALUES ($1, $2, $3, to_timestamp($4 / 1000.0)) ON CONFLICT DO NOTHING RETURNING token_id`,
      [use.tokenId, use.caseId, use.purpose, use.expiresAt],
    );
    return used.length > 0;
  }

  /** Withdraws a spent token (the action it was spent on was refused), so the link works again. */
  async unspend(tokenId: string): Promise<void> {
    await this.db.query(`DELETE FROM public_link_uses WHERE token_id = $1`, [tokenId]);
  }
}
