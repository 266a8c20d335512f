package com.example;

// README, "LangChain4j": the AI service the snippet builds.
interface Assistant {
    String chat(String message);
}
