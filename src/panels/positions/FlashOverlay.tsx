import React, { useState } from 'react';
import { TEST_IDS } from './testIds';

/**
 * The highlight of one changed cell: an element over the cell whose opacity fades out (the
 * compositor animates opacity without the main thread) and that leaves the DOM when its animation
 * ends, so a book whose prices hold still costs nothing. The cell keys it by the change's
 * version: a new change mounts a new one.
 */
export function FlashOverlay({ className, direction }: { className: string; direction: 'up' | 'down' }) {
  const [done, setDone] = useState(false);
  if (done) {
    return null;
  }
  return (
    <span
      className={className}
      aria-hidden="true"
      data-testid={TEST_IDS.flash}
      data-direction={direction}
      onAnimationEnd={() => setDone(true)}
    />
  );
}
