/**
 * The managed questions may only ask about what this integration writes:
 * every `_type` a query names is one the steps declare, and every property it
 * filters on or returns exists on the entities (or relationships) of a real
 * collection, with the literal values it compares against.
 */
import { promises as fs } from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import {
  Collection,
  GraphObject,
  PROJECT_ROOT,
  readCollection,
} from '../report/collections';
import { invocationConfig } from '../src';
import { generateTenant } from '../simulator';
import { collectTenant, CollectedTenant } from './collectTenant';

interface QuestionFile {
  questions: {
    id: string;
    queries: { name?: string; query: string }[];
  }[];
}

interface Reference {
  /** An entity _type, or a relationship _class for relationship aliases. */
  target: string;
  kind: 'entity' | 'relationship';
  property: string;
  /** A quoted literal the query compares the property with. */
  literal?: string;
}

/**
 * The J1QL used here, read just far enough: `<type> [WITH <filters>] AS
 * <alias>` binds an entity alias, `THAT [!]<CLASS> AS <alias>` a
 * relationship alias; `alias.property` anywhere, and `property <op>` inside
 * a WITH, refer to properties.
 */
export function referencesOf(query: string): {
  types: string[];
  references: Reference[];
} {
  const types = query.match(/\bjumpcloud_[a-z_]+\b/g) ?? [];
  const references: Reference[] = [];
  const aliases = new Map<string, Omit<Reference, 'property'>>();

  const entity = /\b(jumpcloud_[a-z_]+)(?:\s+WITH\s+([\s\S]*?))?\s+AS\s+(\w+)/g;
  for (let m = entity.exec(query); m; m = entity.exec(query)) {
    const [, type, filters, alias] = m;
    aliases.set(alias, { target: type, kind: 'entity' });
    const filter = /(\w+)\s*(?:!=|=|<=|>=|<|>)\s*('([^']*)'|\S+)/g;
    for (
      let f = filter.exec(filters ?? '');
      f;
      f = filter.exec(filters ?? '')
    ) {
      references.push({
        target: type,
        kind: 'entity',
        property: f[1],
        literal: f[3],
      });
    }
  }
  const relationship = /\bTHAT\s+!?([A-Z_]+)\s+AS\s+(\w+)/g;
  for (let m = relationship.exec(query); m; m = relationship.exec(query))
    aliases.set(m[2], { target: m[1], kind: 'relationship' });

  const dotted = /\b(\w+)\.(\w+)\b/g;
  for (let m = dotted.exec(query); m; m = dotted.exec(query)) {
    const alias = aliases.get(m[1]);
    if (!alias) throw new Error(`Unknown alias ${m[1]} in: ${query}`);
    references.push({ ...alias, property: m[2] });
  }
  return { types, references };
}

describe('the managed questions', () => {
  let questions: QuestionFile['questions'];
  let collection: Collection;
  let collected: CollectedTenant;

  beforeAll(async () => {
    const file = path.join(PROJECT_ROOT, 'jupiterone/questions/questions.yaml');
    questions = (yaml.load(await fs.readFile(file, 'utf8')) as QuestionFile)
      .questions;
    collected = await collectTenant(
      generateTenant({ seed: 71, users: 150, groups: 14, applications: 10 }),
    );
    collection = await readCollection(collected.output);
  }, 120_000);
  afterAll(() =>
    fs.rm(collected.workDirectory, { recursive: true, force: true }),
  );

  test('cover the findings people asked for', () => {
    const all = questions
      .flatMap((q) => q.queries.map((x) => x.query))
      .join('\n');
    expect(all).toMatch(/mfaEnabled != true/);
    expect(all).toMatch(
      /suspended = true OR locked = true[\s\S]*THAT HAS jumpcloud_group/,
    );
    expect(all).toMatch(
      /suspended = true OR locked = true[\s\S]*THAT USES AS signIn/,
    );
    expect(all).toMatch(
      /THAT ASSIGNED jumpcloud_group[\s\S]*THAT HAS jumpcloud_user[\s\S]*THAT !USES/,
    );
    expect(all).toContain("source = 'sso_events'");
    expect(all).toContain('memberCount = 0');
    // The access graph: passwordless sudo, suspended users on devices,
    // applications without an MFA policy, sudo without a phishing-resistant
    // factor.
    expect(all).toMatch(
      /THAT USES AS access jumpcloud_device[\s\S]*access\.sudoWithoutPassword = true/,
    );
    expect(all).toMatch(
      /suspended = true OR locked = true[\s\S]*THAT USES AS access jumpcloud_device/,
    );
    expect(all).toContain('mfaRequiredByPolicy = false');
    expect(all).toMatch(
      /phishingResistantMfa != true[\s\S]*access\.sudo = true/,
    );
    // SaaS Management: shadow IT, orphaned accounts, unused licenses.
    expect(all).toContain('jumpcloud_saas_application WITH shadowIt = true');
    expect(all).toContain('jumpcloud_saas_account WITH orphaned = true');
    expect(all).toContain('unusedLicenses > 0');
  });

  test('name only entity types the integration declares', () => {
    const declared = new Set(
      invocationConfig.integrationSteps.flatMap((step) =>
        step.entities.map((e) => e._type),
      ),
    );
    for (const question of questions)
      for (const { query } of question.queries)
        for (const type of referencesOf(query).types)
          expect([question.id, type, declared.has(type)]).toEqual([
            question.id,
            type,
            true,
          ]);
  });

  test('use only properties (and values) the collection has', () => {
    const seen = (reference: Reference): GraphObject[] =>
      reference.kind === 'entity'
        ? collection.entities.filter((e) => e._type === reference.target)
        : collection.relationships.filter((r) => r._class === reference.target);
    const problems: string[] = [];
    for (const question of questions) {
      for (const { query } of question.queries) {
        for (const reference of referencesOf(query).references) {
          const objects = seen(reference);
          const values = objects
            .map((o) => o[reference.property])
            .filter((v) => v !== undefined);
          if (values.length === 0)
            problems.push(
              `${question.id}: no ${reference.target} has ${reference.property}`,
            );
          else if (
            reference.literal !== undefined &&
            !values.includes(reference.literal)
          )
            problems.push(
              `${question.id}: no ${reference.target} has ${reference.property} = '${reference.literal}'`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('the reader of the queries sees what it should', () => {
    // Guards the guard: a misspelt property must be caught.
    const { references } = referencesOf(
      "FIND jumpcloud_user WITH mfaEnabeld = true AND source = 'x' AS u THAT USES AS r jumpcloud_application AS a RETURN u.email, r.lastSsoOn",
    );
    expect(references).toEqual([
      {
        target: 'jumpcloud_user',
        kind: 'entity',
        property: 'mfaEnabeld',
        literal: undefined,
      },
      {
        target: 'jumpcloud_user',
        kind: 'entity',
        property: 'source',
        literal: 'x',
      },
      { target: 'jumpcloud_user', kind: 'entity', property: 'email' },
      { target: 'USES', kind: 'relationship', property: 'lastSsoOn' },
    ]);
  });
});
