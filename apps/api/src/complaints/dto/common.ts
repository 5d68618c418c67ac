/** Shared validation pieces of the complaint DTOs. */
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Ids of people and outlets: letters, digits and `._:@-`, up to 128 (the token `sub` alphabet). */
export const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
/** Outlet codes, e.g. `SH-001`. */
export const OUTLET_CODE = /^[A-Za-z0-9._-]{1,32}$/;
/** The largest amount of money accepted, in fen (10 million CNY). */
export const MAX_FEN = 1_000_000_000;

/** A string with at least one non-blank character, at most `max` characters. */
export const IsText = (max: number) =>
  applyDecorators(IsString(), Matches(/\S/, { message: 'must not be blank' }), MaxLength(max));
