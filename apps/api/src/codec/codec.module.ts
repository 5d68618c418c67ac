/** The remote codec endpoint for the Temporal UI (apps/api/src/codec/codec.controller.ts, docs/adr/0017). */
import { Module } from '@nestjs/common';
import { CodecController } from './codec.controller';

@Module({ controllers: [CodecController] })
export class CodecModule {}
