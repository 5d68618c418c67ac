/**
 * The web console on the API's origin (issue 13, docs/adr/0015-console.md): the built single-page app under
 * `/console/` (ConsoleController: its files and, for every other path, the SPA fallback), the customer page behind
 * the signed link, the notice it reads (`GET /public/cases/:token`) and the development sign-in's staff list.
 */
import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { DirectoryModule } from '../directory/directory.module';
import { ConsoleController } from './console.controller';
import { DevUsersController } from './dev-users.controller';
import { PublicNoticeController } from './public-notice.controller';

@Module({
  imports: [ComplaintsModule, DirectoryModule],
  controllers: [ConsoleController, PublicNoticeController, DevUsersController],
})
export class ConsoleModule {}
