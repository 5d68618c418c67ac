/**
 * The staff directory and the outlet directory (issue 11, issue 10 R-CH-4). Exports `DIRECTORY_LOOKUP`, through
 * which authentication maps a token's `sub` to its directory entry (auth/authentication.ts), and the repositories
 * for whoever chooses or reaches recipients.
 */
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OutletDirectoryRepository } from '@complaintflow/persistence/repositories/outlet-directory';
import { StaffDirectoryRepository } from '@complaintflow/persistence/repositories/staff-directory';
import { DIRECTORY_LOOKUP } from '../auth/principal';
import { DirectoryService } from './directory.service';
import { OutletsController } from './outlets.controller';
import { PrincipalDirectory } from './principal-directory';
import { MeController, UsersController } from './users.controller';

@Module({
  controllers: [UsersController, MeController, OutletsController],
  providers: [
    {
      provide: StaffDirectoryRepository,
      useFactory: (ds: DataSource) => StaffDirectoryRepository.on(ds),
      inject: [getDataSourceToken()],
    },
    {
      provide: OutletDirectoryRepository,
      useFactory: (ds: DataSource) => new OutletDirectoryRepository(ds),
      inject: [getDataSourceToken()],
    },
    PrincipalDirectory,
    { provide: DIRECTORY_LOOKUP, useExisting: PrincipalDirectory },
    DirectoryService,
  ],
  exports: [DIRECTORY_LOOKUP, PrincipalDirectory, StaffDirectoryRepository, OutletDirectoryRepository],
})
export class DirectoryModule {}
