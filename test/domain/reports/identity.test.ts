import { describe, expect, it } from 'vitest';
import {
  compareIdentity,
  contradictedClaim,
  normaliseName,
  parseOpeningHours,
  sameAddress,
  samePhone,
} from '#lib/domain/reports/identity.ts';
import { aBrand } from '#test/support/fixtures.ts';

describe('identity normalisation', () => {
  it.each([
    ['+48 22 123 45 67', '022 1234567', true],
    ['+44 20 7946 0958', '020 7946 0958', true],
    ['+44 (0)20 7946 0958', '+442079460958', true],
    ['0048 22 123 45 67', '+48221234567', true],
    ['tel:+49-30-1234567', '030 1234567', true],
    ['+44 20 7946 0958', '+44 20 7946 0959', false],
    ['+48 22 123 45 67', '+49 22 123 45 67', false],
    ['020 7946 0958', '020 7946 0000', false],
  ])('phone %s vs %s: %s', (a, b, same) => {
    expect(samePhone(a, b)).toBe(same);
  });

  it.each([
    ['1 High Street, London, EC1A 1BB, GB', '1 High St, London EC1A 1BB', true],
    ['1 High Street, London, EC1A 1BB, GB', '1 High St., London', true],
    ['ul. Marszałkowska 10, 00-950 Warszawa, PL', 'Marszalkowska 10, 00950 Warszawa, Polska', true],
    ['Hauptstraße 5, 10115 Berlin', 'Hauptstr. 5, 10115 Berlin, Deutschland', true],
    ['1 High Street, London, EC1A 1BB, GB', '12 High Street, London EC1A 1BB', false],
  ])('address %s vs %s: %s', (a, b, same) => {
    expect(sameAddress(a, b)).toBe(same);
  });

  it('reads opening-hours notations into one week', () => {
    const schemaOrg = parseOpeningHours(['Mo-Fr 09:00-17:30']);
    const spelled = parseOpeningHours(['Monday–Friday 9am–5:30pm']);
    const listed = parseOpeningHours(['Monday,Tuesday,Wednesday,Thursday,Friday 09:00-17:30']);
    expect(spelled).toEqual(schemaOrg);
    expect(listed).toEqual(schemaOrg);
    expect(parseOpeningHours(['Mo-Fr 09:00-17:30', 'Sa closed'])).toEqual(schemaOrg);
    expect(parseOpeningHours(['whenever we feel like it'])).toBeUndefined();
  });

  it('drops legal forms and punctuation from names', () => {
    expect(normaliseName('Northwind Trading Ltd.')).toBe('northwind trading');
    expect(normaliseName('Café & Co. Sp. z o.o.')).toBe('cafe and');
  });

  it('finds a claim the page contradicts with another figure', () => {
    expect(contradictedClaim('Delivered in 48 hours', 'Fresh coffee, delivered in 24 hours.')).toBe(
      'delivered in 24 hours',
    );
    expect(
      contradictedClaim('Delivered in 48 hours', 'Fresh coffee, delivered in 48 hours.'),
    ).toBeUndefined();
    expect(contradictedClaim('Roasted to order', 'Roasted 3 times a week')).toBeUndefined();
  });
});

describe('compareIdentity', () => {
  const profile = aBrand({
    profile: {
      displayName: 'Northwind Shop',
      legalName: 'Northwind Trading Ltd',
      website: 'https://www.northwind-shop.example',
      phones: ['+44 20 7946 0958'],
      addresses: [{ street: '1 High Street', locality: 'London', postalCode: 'EC1A 1BB', country: 'GB' }],
      openingHours: ['Mo-Fr 09:00-17:30'],
      claims: ['Delivered in 48 hours'],
    },
  }).profile;

  it('matches what only differs in notation, and lists each real mismatch with both values and where', () => {
    // Act
    const result = compareIdentity(profile, [
      {
        touchpointId: 'listing',
        touchpointName: 'City directory',
        sourceId: 'directory',
        seenOn: 'https://directory.example/northwind',
        facts: {
          name: 'NORTHWIND SHOP',
          telephone: ['020 7946 0958', '020 7946 0000'],
          address: ['1 High St, London EC1A 1BB'],
          openingHours: ['Mo-Fr 09:00-17:00', 'Sa 10:00-14:00'],
          url: 'http://northwind-shop.example/',
          description: 'Coffee roasters. Delivered in 24 hours.',
        },
      },
    ]);
    // Assess
    expect(result.fieldsCompared).toBe(6);
    expect(result.mismatches.map((m) => [m.field, m.seen])).toEqual([
      ['telephone', '020 7946 0000'],
      ['openingHours', 'Mo-Fr 09:00-17:00; Sa 10:00-14:00'],
      ['claims', 'Delivered in 24 hours'],
    ]);
    const hours = result.mismatches.find((m) => m.field === 'openingHours');
    expect(hours?.expected).toBe('Mo-Fr 09:00-17:30');
    expect(hours?.detail).toContain('Mon–Fri: 09:00–17:00 on the page, 09:00–17:30 in the profile');
    expect(hours?.detail).toContain('Sat: 10:00–14:00 on the page, closed in the profile');
    expect(hours?.seenOn).toBe('https://directory.example/northwind');
  });
});
