/**
 * `useNow(active)`: the current time in ms, re-rendering every half second while `active`.
 * Inside a `FrozenNow` provider (the scrubber showing a past moment) it returns that moment
 * instead, so elapsed times read as they did then.
 */
import { createContext, useContext, useEffect, useState } from 'react'

export const FrozenNow = createContext<number | null>(null)

export function useNow(active: boolean, intervalMs = 500): number {
  const frozen = useContext(FrozenNow)
  const ticking = active && frozen === null
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [ticking, intervalMs])
  return frozen ?? now
}
