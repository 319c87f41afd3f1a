"use client";

import { useEffect, useRef } from "react";

export const LEAVE_QUESTION = "Leave this import? The file you loaded and your changes to it will be lost.";

/**
 * While `active` (a file is loaded, not yet sent), leaving asks first: closing or reloading the tab
 * through the browser's own question, a link inside the app or Back through ours (`question`). Links
 * are caught before the router sees them, since a client-side navigation fires no beforeunload; Back
 * first lands on a copy of this page's history entry (the router's state kept, so it stays on the
 * page), where the question is asked. A confirmed leave loads the page afresh rather than through
 * the router, which holds a navigation back while server actions are in flight: during an upload it
 * never left.
 */
export function useLeaveGuard(active: boolean, question: string = LEAVE_QUESTION): void {
  // Read when asked: the question changes as an upload goes on, the guard's listeners stay.
  const asked = useRef(question);
  useEffect(() => {
    asked.current = question;
  });
  useEffect(() => {
    if (!active) return;
    let leaving = false;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.hasAttribute("download") || event.defaultPrevented) return;
      if (new URL(link.href, location.href).origin !== location.origin) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!window.confirm(asked.current)) return;
      leaving = true;
      location.assign(link.href);
    };
    const here = location.href;
    history.pushState(history.state, "", here);
    const back = () => {
      if (leaving) {
        location.reload();
        return;
      }
      if (location.href !== here) return;
      if (window.confirm(asked.current)) {
        leaving = true;
        history.back();
      } else history.pushState(history.state, "", here);
    };
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("popstate", back);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("popstate", back);
      document.removeEventListener("click", click, true);
    };
  }, [active]);
}
