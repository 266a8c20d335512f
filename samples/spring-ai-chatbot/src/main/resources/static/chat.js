// The chat page: sends messages to /api/turns, decides approvals, and reloads the server-rendered
// turns and approvals fragments while anything is running or waiting.
(function () {
  const turns = document.getElementById('turns');
  const approvals = document.getElementById('approvals');
  const form = document.getElementById('chat-form');
  const message = document.getElementById('message');
  const key = document.getElementById('virtual-key');
  const error = document.getElementById('chat-error');

  async function reload(target, url) {
    const response = await fetch(url, {cache: 'no-store'});
    if (!response.ok) return;
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, 'text/html').body.firstElementChild;
    if (fresh && fresh.innerHTML !== target.innerHTML) {
      const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      target.innerHTML = fresh.innerHTML;
      if (target === turns && atBottom) window.scrollTo(0, document.body.scrollHeight);
    }
  }

  function busy() {
    return turns.querySelector('[data-status="RUNNING"]')
      || approvals.querySelector('[data-test="approval"][data-status="pending"]');
  }

  async function refresh() {
    await Promise.all([reload(turns, '/fragments/turns'), reload(approvals, '/fragments/approvals')]);
  }

  // Poll quickly while a turn runs or a script waits (the server renders the countdown), slowly otherwise
  // (another tab may start a turn).
  let idleTicks = 0;
  setInterval(async function () {
    if (busy() || ++idleTicks >= 10) {
      idleTicks = 0;
      await refresh();
    }
  }, 500);

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    error.hidden = true;
    const response = await fetch('/api/turns', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({message: message.value, virtualKey: key.value})
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({error: response.statusText}));
      error.textContent = body.error || response.statusText;
      error.hidden = false;
      return;
    }
    message.value = '';
    await refresh();
  });

  approvals.addEventListener('click', async function (event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    button.disabled = true;
    await fetch('/api/approvals/' + encodeURIComponent(button.dataset.id) + '/' + button.dataset.action,
      {method: 'POST'});
    await refresh();
  });
})();
