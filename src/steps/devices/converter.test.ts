import { sudoRights, usesDeviceProperties } from './converter';

describe('sudoRights', () => {
  test.each([
    [null, false, false],
    [undefined, false, false],
    [{}, false, false],
    [{ sudo: null }, false, false],
    [{ sudo: { enabled: false, withoutPassword: true } }, false, false],
    [{ sudo: { enabled: true, withoutPassword: false } }, true, false],
    [{ sudo: { enabled: true, withoutPassword: true } }, true, true],
    [{ sudo: { enabled: 'yes' } }, false, false],
  ])('%j: sudo %s, without a password %s', (attributes, sudo, nopass) => {
    expect(sudoRights(attributes)).toEqual({
      sudo,
      sudoWithoutPassword: nopass,
    });
  });
});

test('a traversal row: the compiled rights, whether a direct binding is among the paths, and how many paths', () => {
  const hop = (type: string) => ({ to: { id: 'x', type } });
  expect(
    usesDeviceProperties({
      compiledAttributes: { sudo: { enabled: true, withoutPassword: true } },
      paths: [[hop('user')], [hop('user_group'), hop('user')]],
    }),
  ).toEqual({
    sudo: true,
    sudoWithoutPassword: true,
    direct: true,
    pathCount: 2,
  });
  expect(
    usesDeviceProperties({
      paths: [[hop('system_group'), hop('user')]],
    }),
  ).toEqual({
    sudo: false,
    sudoWithoutPassword: false,
    direct: false,
    pathCount: 1,
  });
  expect(usesDeviceProperties({})).toEqual({
    sudo: false,
    sudoWithoutPassword: false,
    direct: false,
    pathCount: 0,
  });
});
