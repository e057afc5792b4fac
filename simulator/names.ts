/**
 * Name pools for generated people. Several scripts on purpose: converters and
 * key builders must survive names that are not ASCII.
 */

export interface PersonName {
  first: string;
  last: string;
  /** ASCII forms used to build usernames and e-mails. */
  asciiFirst: string;
  asciiLast: string;
  /** Family name written first without a space (CJK convention). */
  familyFirst?: boolean;
}

const ASCII_FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'David',
  'Emma',
  'Frank',
  'Grace',
  'Henry',
  'Isabel',
  'Jack',
  'Karen',
  'Liam',
  'Maria',
  'Noah',
  'Olivia',
  'Peter',
  'Quinn',
  'Rachel',
  'Samuel',
  'Tina',
  'Uma',
  'Victor',
  'Wendy',
  'Xavier',
  'Yara',
  'Zach',
  'Aisha',
  'Ben',
  'Chen',
  'Diego',
];

const ASCII_LAST = [
  'Anderson',
  'Brown',
  'Clark',
  'Davis',
  'Evans',
  'Foster',
  'Garcia',
  'Harris',
  'Ito',
  'Johnson',
  'King',
  'Lopez',
  'Miller',
  'Nguyen',
  "O'Brien",
  'Patel',
  'Reyes',
  'Robinson',
  'Smith',
  'Taylor',
  'Underwood',
  'Vasquez',
  'Walker',
  'Young',
  'Zhang',
  'Okafor',
  'Kowalski',
];

// [first, last, ascii first, ascii last]
const ACCENTED: [string, string, string, string][] = [
  ['José', 'Müller', 'jose', 'mueller'],
  ['Zoë', 'Ørsted', 'zoe', 'orsted'],
  ['Ólafur', 'Arnalds', 'olafur', 'arnalds'],
  ['François', 'Lefèvre', 'francois', 'lefevre'],
  ['Søren', 'Kierkegård', 'soren', 'kierkegard'],
  ['Łukasz', 'Wróbel', 'lukasz', 'wrobel'],
  ['Björk', 'Guðmundsdóttir', 'bjork', 'gudmundsdottir'],
  ['Renée', 'Doğan', 'renee', 'dogan'],
  ['Íñigo', 'Peña', 'inigo', 'pena'],
  ['Chloé', 'Šimková', 'chloe', 'simkova'],
  ['Ingrid', 'Bjørnstad', 'ingrid', 'bjornstad'],
  ['Thành', 'Nguyễn', 'thanh', 'nguyen'],
];

const OTHER_SCRIPTS: PersonName[] = [
  {
    first: '雷',
    last: '李',
    asciiFirst: 'lei',
    asciiLast: 'li',
    familyFirst: true,
  },
  {
    first: '花子',
    last: '佐藤',
    asciiFirst: 'hanako',
    asciiLast: 'sato',
    familyFirst: true,
  },
  {
    first: '민준',
    last: '김',
    asciiFirst: 'minjun',
    asciiLast: 'kim',
    familyFirst: true,
  },
  { first: 'Анна', last: 'Петрова', asciiFirst: 'anna', asciiLast: 'petrova' },
  {
    first: 'Дмитрий',
    last: 'Иванов',
    asciiFirst: 'dmitry',
    asciiLast: 'ivanov',
  },
  { first: 'محمد', last: 'العلي', asciiFirst: 'mohammed', asciiLast: 'alali' },
  { first: 'فاطمة', last: 'حسن', asciiFirst: 'fatima', asciiLast: 'hassan' },
  { first: 'अमित', last: 'शर्मा', asciiFirst: 'amit', asciiLast: 'sharma' },
  {
    first: 'Γιώργος',
    last: 'Παπαδόπουλος',
    asciiFirst: 'giorgos',
    asciiLast: 'papadopoulos',
  },
  { first: 'יעל', last: 'כהן', asciiFirst: 'yael', asciiLast: 'cohen' },
];

/** Names every tenant of a reasonable size must contain at least once. */
export const SHOWCASE_NAMES: PersonName[] = [
  accented(0), // José Müller
  accented(1), // Zoë Ørsted
  OTHER_SCRIPTS[0], // 李雷
  OTHER_SCRIPTS[3], // Анна Петрова
  OTHER_SCRIPTS[5], // محمد
  accented(2), // Ólafur
];

export const EMOJI_DISPLAY_NAMES = [
  'Zoë 🌈 Ørsted',
  '🚀 Sam',
  'Dana 👩‍💻 Lee',
  'Kai 🏄',
];

function accented(i: number): PersonName {
  const [first, last, asciiFirst, asciiLast] = ACCENTED[i];
  return { first, last, asciiFirst, asciiLast };
}

export function asciiName(first: number, last: number): PersonName {
  const f = ASCII_FIRST[first % ASCII_FIRST.length];
  const l = ASCII_LAST[last % ASCII_LAST.length];
  return {
    first: f,
    last: l,
    asciiFirst: f.toLowerCase(),
    asciiLast: l.toLowerCase().replace(/[^a-z]/g, ''),
  };
}

export const NAME_POOLS = {
  asciiFirstCount: ASCII_FIRST.length,
  asciiLastCount: ASCII_LAST.length,
  accented: ACCENTED.map((_, i) => accented(i)),
  otherScripts: OTHER_SCRIPTS,
};

export function displayNameOf(name: PersonName): string {
  return name.familyFirst
    ? `${name.last}${name.first}`
    : `${name.first} ${name.last}`;
}

export const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People Ops',
  'Legal',
  'Support',
  'Product',
  'Design',
  'IT',
  'Operations',
  'Recherche & Développement',
];

export const JOB_TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Account Executive',
  'Marketing Manager',
  'Accountant',
  'HR Business Partner',
  'Counsel',
  'Support Specialist',
  'Product Manager',
  'Designer',
  'IT Administrator',
  'Operations Analyst',
  'VP Engineering',
  'Directeur Général',
];

export const LOCATIONS = [
  'New York',
  'London',
  'Berlin',
  'São Paulo',
  'Tokyo',
  'Remote',
  'Zürich',
  'Bengaluru',
  'Austin',
];

export const EMPLOYEE_TYPES = [
  'Full-Time',
  'Full-Time',
  'Full-Time',
  'Part-Time',
  'Contractor',
  'Intern',
  '',
];

export const ORG_NAMES = [
  'Northwind Traders',
  'Globex Corporation',
  'Initech',
  'Umbrella Labs',
  'Stark Industries',
  'Wayne Enterprises',
  'Acme Rocket Co.',
  'Hooli',
  'Café Müller GmbH',
  'Soylent Systems',
];

export const EMAIL_DOMAINS = ['example.com', 'example.org', 'corp.example.net'];
