/**
 * The staff directory and the outlet directory (docs/api.md v2): what the controllers do once a body is valid.
 * Nothing here logs a name, an e-mail address or a phone number (personal data); errors name ids and codes only.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import {
  OutletDirectoryRepository,
  type Outlet,
  type OutletChange,
} from '@complaintflow/persistence/repositories/outlet-directory';
import {
  DEFAULT_STAFF_PREFERENCES,
  StaffDirectoryRepository,
  type StaffUser,
} from '@complaintflow/persistence/repositories/staff-directory';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { PrincipalDirectory } from './principal-directory';
import type { CreateOutlet, CreateUser, PatchOutlet, PatchUser, ReasonLanguage } from './schemas';

/** A staff member as `GET /me` answers: the directory's entry, or what the token says when it is not listed. */
export type MeView = StaffUser & { readonly listed: boolean };

export interface OutletView extends Outlet {
  readonly history: readonly OutletChange[];
}

const say = (lang: ReasonLanguage, zh: string, en: string) => (lang === 'en' ? en : zh);

@Injectable()
export class DirectoryService {
  constructor(
    private readonly users: StaffDirectoryRepository,
    private readonly outlets: OutletDirectoryRepository,
    private readonly principals: PrincipalDirectory,
  ) {}

  async listUsers(): Promise<{ items: StaffUser[] }> {
    return { items: await this.users.list() };
  }

  async createUser(body: CreateUser, lang: ReasonLanguage): Promise<StaffUser> {
    const { id, ...rest } = body;
    const created = await this.users.insert({ id, ...rest });
    if (!created) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'DIRECTORY.USER_EXISTS',
        say(
          lang,
          `用户 ${id} 已在员工目录中;请用 PATCH /users/${id} 修改`,
          `User ${id} is already listed; change it with PATCH /users/${id}.`,
        ),
      );
    }
    this.principals.forget(id);
    return created;
  }

  async patchUser(caller: Principal, id: string, body: PatchUser, lang: ReasonLanguage): Promise<StaffUser> {
    // An admin cannot lock themselves out: dropping their own admin role or deactivating themselves needs another.
    if (id === caller.sub && (body.active === false || (body.roles !== undefined && !body.roles.includes('admin')))) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'DIRECTORY.SELF_LOCKOUT',
        say(
          lang,
          '不能停用自己或取消自己的管理员角色,请由另一位管理员操作',
          'You cannot deactivate yourself or drop your own admin role; ask another admin.',
        ),
      );
    }
    const { id: _sameId, ...patch } = body;
    const updated = await this.users.update(id, patch);
    if (!updated) throw this.userNotFound(id, lang);
    this.principals.forget(id);
    return updated;
  }

  /** The caller's entry; a caller the directory does not list gets what their token says (`listed: false`). */
  async me(caller: Principal): Promise<MeView> {
    const entry = await this.users.find(caller.sub);
    if (entry) return { ...entry, listed: true };
    return {
      id: caller.sub,
      name: caller.name,
      roles: caller.roles,
      outlet: caller.outlet ?? null,
      department: caller.department ?? null,
      email: null,
      phone: null,
      language: 'zh-CN',
      preferences: DEFAULT_STAFF_PREFERENCES,
      active: true,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
      listed: false,
    };
  }

  async listOutlets(): Promise<{ items: Outlet[] }> {
    return { items: await this.outlets.list() };
  }

  async outlet(code: string, lang: ReasonLanguage): Promise<OutletView> {
    const outlet = await this.outlets.find(code);
    if (!outlet) throw this.outletNotFound(code, lang);
    return { ...outlet, history: await this.outlets.history(code) };
  }

  /** R-CH-4: the new outlet's line and handler go on record and are reported to headquarters. */
  async createOutlet(caller: Principal, body: CreateOutlet, lang: ReasonLanguage): Promise<OutletView> {
    const { code, ...values } = body;
    const written = await this.outlets.create(code, values, caller.sub);
    if (!written) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'DIRECTORY.OUTLET_EXISTS',
        say(
          lang,
          `网点 ${code} 已登记;请用 PATCH /outlets/${code} 修改`,
          `Outlet ${code} is already on record; change it with PATCH /outlets/${code}.`,
        ),
      );
    }
    return { ...written.outlet, history: written.changes };
  }

  /** R-CH-4: a changed line or handler is recorded in the history and reported to headquarters. */
  async patchOutlet(caller: Principal, code: string, body: PatchOutlet, lang: ReasonLanguage): Promise<OutletView> {
    const { code: _sameCode, ...patch } = body;
    const written = await this.outlets.update(code, patch, caller.sub);
    if (!written) throw this.outletNotFound(code, lang);
    return { ...written.outlet, history: written.changes };
  }

  /** R-CH-4: the changes headquarters has not been told about yet. */
  async pendingOutletReports(): Promise<{ items: OutletChange[] }> {
    return { items: await this.outlets.pendingReports(500) };
  }

  private userNotFound(id: string, lang: ReasonLanguage): ApiError {
    return new ApiError(
      HttpStatus.NOT_FOUND,
      'DIRECTORY.USER_NOT_FOUND',
      say(lang, `员工目录中没有用户 ${id}`, `No user ${id} in the staff directory.`),
    );
  }

  private outletNotFound(code: string, lang: ReasonLanguage): ApiError {
    return new ApiError(
      HttpStatus.NOT_FOUND,
      'DIRECTORY.OUTLET_NOT_FOUND',
      say(lang, `没有登记网点 ${code}`, `No outlet ${code} on record.`),
    );
  }
}
