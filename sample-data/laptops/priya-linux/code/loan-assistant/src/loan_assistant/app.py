"""Loan officers' assistant: the key comes from the environment, never from the code."""
import os

from anthropic import Anthropic
from fastapi import FastAPI

app = FastAPI()
client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])


@app.post("/ask")
def ask(question: str) -> dict:
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512,
                                   messages=[{"role": "user", "content": question}])
    return {"answer": reply.content[0].text}
