/**
 * The city directory (城市名录): who is who in the city. Pure types; the identity service owns them
 * and other services learn of changes through its events.
 */

export interface Township {
  code: string;
  /** 乡镇/街道 name, e.g. 鹿城镇. */
  name: string;
}

/** 代表联络站: a physical liaison station, showing its deputies' information and QR codes. */
export interface Station {
  code: string;
  name: string;
  townshipCode: string;
  address: string;
}

/** 线上代表联络室: an online liaison room grouping deputies into grids (网格化管理). */
export interface OnlineRoom {
  code: string;
  name: string;
  /** Grids (网格) of the room, each with a code and name. */
  grids: { code: string; name: string }[];
}

/** 代表小组: a deputy group; the monthly reception day (代表固定接待日) is per group. */
export interface DeputyGroup {
  code: string;
  name: string;
  townshipCode: string;
}

export type DeputyLevel = 'city' | 'township';

/** 职业类别: occupational category. */
export type OccupationalCategory = 'official' | 'professional' | 'business' | 'farmer' | 'worker' | 'other';

/** 专业代表小组: professional group a deputy may join. */
export type ProfessionalGroup = 'education' | 'legal_aid' | 'technical_services' | 'mediation';

export type TermStatus = 'active' | 'ended';

/** 人大代表. The phone is private: stored encrypted, never exposed by a public route or event. */
export interface Deputy {
  code: string;
  name: string;
  level: DeputyLevel;
  /** 选区 */
  constituency: string;
  townshipCode: string;
  stationCode: string;
  roomCode: string;
  gridCode: string;
  groupCode: string;
  category: OccupationalCategory;
  professionalGroup?: ProfessionalGroup;
  termStatus: TermStatus;
  /** Mainland mobile number (11 digits starting with 1); private. */
  phone: string;
}

export type UnitKind = 'city_department' | 'township_office';

/** 承办单位: a city department (市级部门) or a township office (乡镇站所). */
export interface HandlingUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Only for township offices. */
  townshipCode?: string;
}

export type Role = 'deputy' | 'township_reviewer' | 'city_reviewer' | 'unit_handler' | 'admin';

/** A staff or deputy sign-in account (the password hash is kept elsewhere, never in this type). */
export interface Account {
  username: string;
  name: string;
  role: Role;
  /** What the account may see: its township, its unit, or itself as a deputy. */
  scope: { townshipCode?: string; unitCode?: string; deputyCode?: string };
}

/** The whole directory of a city, as seeded or imported. */
export interface CityDirectory {
  townships: Township[];
  stations: Station[];
  rooms: OnlineRoom[];
  groups: DeputyGroup[];
  deputies: Deputy[];
  units: HandlingUnit[];
  accounts: Account[];
}
