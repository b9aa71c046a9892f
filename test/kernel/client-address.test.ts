import { describe, expect, it } from 'vitest';
import { clientAddress, EDGE_ORIGIN_HEADER } from '../../shared/runtime/client-address.ts';

/** The address the per-source limits count under, behind the edge and without it. */

const TOKEN = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const CLOUDFRONT = '130.176.1.1';

describe('the client address', () => {
  it("is the viewer's, as CloudFront reports it, on a request that came through the edge", () => {
    // Act
    const viaEdge = (viewer: string) => clientAddress({ 'cloudfront-viewer-address': viewer, [EDGE_ORIGIN_HEADER]: TOKEN }, CLOUDFRONT, TOKEN);

    // Assess
    expect(viaEdge('203.0.113.7:46532')).toBe('203.0.113.7');
    expect(viaEdge('2001:db8::7:46532')).toBe('2001:db8::7');
  });

  it('is the address API Gateway saw when the report comes without the edge token, with a wrong one, or nowhere is there an edge', () => {
    // Prepare: a caller of the API's own address claiming to be someone else
    const claimed = { 'cloudfront-viewer-address': '198.51.100.9:1234' };

    // Act
    const addresses = [
      clientAddress(claimed, '192.0.2.44', TOKEN),
      clientAddress({ ...claimed, [EDGE_ORIGIN_HEADER]: 'guessed' }, '192.0.2.44', TOKEN),
      clientAddress({ ...claimed, [EDGE_ORIGIN_HEADER]: TOKEN }, '192.0.2.44', undefined),
      clientAddress({ [EDGE_ORIGIN_HEADER]: TOKEN }, '192.0.2.44', TOKEN),
      clientAddress({}, undefined, undefined),
    ];

    // Assess
    expect(addresses).toEqual(['192.0.2.44', '192.0.2.44', '192.0.2.44', '192.0.2.44', 'unknown']);
  });
});
