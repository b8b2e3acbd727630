import type { InternalSchemaElement, TypedValueWithPath } from '@medplum/core';
import { crawlTypedValue, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

/**
 * Call `visit` for every present value in a resource together with its schema element
 * (binding, type). Uses @medplum/core's crawler so choice types (performed[x]) arrive
 * with their concrete type, e.g. `dateTime`.
 */
export function visitElements(
  resource: Resource,
  visit: (value: TypedValueWithPath, element: InternalSchemaElement) => void,
): void {
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty: (_parent, key, _path, propertyValues, schema) => {
        const element = schema.elements[key];
        if (!element) {
          return;
        }
        for (const propertyValue of propertyValues) {
          const values = Array.isArray(propertyValue) ? propertyValue : [propertyValue];
          for (const value of values) {
            if (value?.value !== undefined) {
              visit(value, element);
            }
          }
        }
      },
    },
    { skipMissingProperties: false },
  );
}
