import { expect, it } from 'vitest'

it('zod adopts the jitless config set before it loads', async () => {
  await import('./zod-jitless')
  const { z } = await import('zod')
  expect(z.config().jitless).toBe(true)
})
