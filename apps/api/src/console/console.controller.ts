/**
 * The console's files and pages (docs/adr/0015-console.md). `GET /console/assets/<file>`: the built app's files
 * (hashed names: cached for a year). `GET /console` and every other path under it: the single-page app's index.html
 * (its own router takes over). The customer's signed link, `GET /public/cases/:token/response` and `/survey`, opens
 * the customer page the same way (the POSTs of those paths stay the customer's actions,
 * complaints/public.controller.ts). Without a built console: 404 saying how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { consoleDist, consoleIndex } from './console-files';

const ASSET = /^[A-Za-z0-9_.-]{1,200}$/;

function notBuilt(): ApiError {
  return new ApiError(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    '控制台尚未构建,请运行 npm run build / The console is not built: run npm run build.',
  );
}

@ApiExcludeController()
@Public()
@Controller()
export class ConsoleController {
  private sendIndex(res: Response): void {
    const index = consoleIndex();
    if (!index) throw notBuilt();
    res.sendFile(index, { cacheControl: false, lastModified: false });
  }

  @Get('console/assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const root = join(consoleDist(), 'assets');
    if (!ASSET.test(file) || file.startsWith('.') || !existsSync(join(root, file))) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'RESOURCE.NOT_FOUND', 'Not found.');
    }
    res.sendFile(file, { root, maxAge: '365d', immutable: true });
  }

  @Get(['console', 'console/*path'])
  @Header('Cache-Control', 'no-cache')
  page(@Res() res: Response): void {
    this.sendIndex(res);
  }

  @Get(['public/cases/:token/response', 'public/cases/:token/survey'])
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  customerPage(@Res() res: Response): void {
    this.sendIndex(res);
  }
}
